package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.wire.DeviceIds;

/** A device allowed to connect, with its password stored as a bcrypt hash (never in plain text). */
public record DeviceCredential(String id, @JsonProperty("password-hash") String passwordHash) {
    public DeviceCredential {
        DeviceIds.require(id);
        if (passwordHash == null || !passwordHash.startsWith("$2")) {
            throw new IllegalArgumentException("device '" + id + "' needs a password-hash (a bcrypt hash;"
                    + " make one with: deploy/hearth hash-password)");
        }
    }
}
