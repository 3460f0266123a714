package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.wire.DeviceIds;

/** A device allowed to connect, with its password stored as a bcrypt hash (never in plain text). */
public record DeviceCredential(String id, @JsonProperty("password-hash") String passwordHash) {
    public DeviceCredential {
        DeviceIds.require(id);
        if (!PasswordHasher.isHash(passwordHash)) {
            throw new IllegalArgumentException("device '" + id + "' needs a password-hash (a bcrypt hash;"
                    + " make one with: deploy/hearth hash-password)");
        }
    }
}
