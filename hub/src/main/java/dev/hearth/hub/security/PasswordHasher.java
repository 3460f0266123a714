package dev.hearth.hub.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The only place that makes or checks a password hash. Passwords people choose get bcrypt (slow
 * on purpose). Passwords the hub generates carry 192 random bits, which no one can guess, so
 * SHA-256 is enough for them and keeps a thousand devices connecting at once cheap.
 */
public final class PasswordHasher {
    /** 2^10 rounds: ~50 ms a check on a Pi-class core, paid once per connection. */
    private static final int BCRYPT_COST = 10;
    private static final String GENERATED_PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    /** bcrypt, for a password a person chose. */
    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
    }

    /** A new random password (32 URL-safe characters). */
    public static String generatePassword() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The hash of a password from {@link #generatePassword()}. */
    public static String hashGenerated(String password) {
        return GENERATED_PREFIX + HexFormat.of().formatHex(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean isHash(String text) {
        return text != null && (text.startsWith("$2") || text.startsWith(GENERATED_PREFIX));
    }

    public static boolean matches(byte[] password, String hash) {
        if (hash.startsWith(GENERATED_PREFIX)) {
            byte[] expected = HexFormat.of().parseHex(hash.substring(GENERATED_PREFIX.length()));
            return MessageDigest.isEqual(expected, sha256(password));
        }
        return BCrypt.verifyer().verify(password, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public static boolean matches(String password, String hash) {
        return matches(password.getBytes(StandardCharsets.UTF_8), hash);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
