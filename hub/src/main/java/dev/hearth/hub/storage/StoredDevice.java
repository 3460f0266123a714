package dev.hearth.hub.storage;

import dev.hearth.wire.DeviceIds;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A provisioned device as the registry keeps it; the password only as a hash. */
public record StoredDevice(String id, Optional<String> type, String passwordHash, boolean enabled, Instant createdAt) {
    public StoredDevice {
        DeviceIds.require(id);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
