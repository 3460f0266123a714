package dev.hearth.hub.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** Device passwords are kept as bcrypt hashes; this is the only place that makes or checks one. */
public final class PasswordHasher {
    /** 2^10 rounds: ~50 ms a check on a Pi-class core, paid once per connection. */
    private static final int COST = 10;

    private PasswordHasher() {
    }

    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public static boolean matches(byte[] password, String hash) {
        return BCrypt.verifyer().verify(password, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public static boolean matches(String password, String hash) {
        return matches(password.getBytes(StandardCharsets.UTF_8), hash);
    }
}
