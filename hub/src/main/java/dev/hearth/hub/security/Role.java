package dev.hearth.hub.security;

import java.util.Arrays;
import java.util.Optional;

/** What an API token may do: read everything, or also act (change devices and rules, send commands). */
public enum Role {
    READ_ONLY("read-only"),
    ADMIN("admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(role -> role.wire.equals(text)).findFirst();
    }
}
