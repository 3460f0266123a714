package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A device's last known state and status, as stored when the hub last ran. */
public record RestoredDevice(String id, ObjectNode reported, Map<String, Instant> updatedAt,
                             Optional<Instant> lastSeen, Optional<ObjectNode> meta) {
    public RestoredDevice {
        updatedAt = Map.copyOf(updatedAt);
    }

    static final class Builder {
        private final String id;
        private final ObjectNode reported = JsonNodeFactory.instance.objectNode();
        private final Map<String, Instant> updatedAt = new HashMap<>();
        private Optional<Instant> lastSeen = Optional.empty();
        private Optional<ObjectNode> meta = Optional.empty();

        Builder(String id) {
            this.id = id;
        }

        Builder attribute(String name, JsonNode value, Instant at) {
            reported.set(name, value);
            updatedAt.put(name, at);
            return this;
        }

        Builder status(Optional<Instant> seen, Optional<ObjectNode> deviceMeta) {
            lastSeen = seen;
            meta = deviceMeta;
            return this;
        }

        RestoredDevice build() {
            return new RestoredDevice(id, reported, updatedAt, lastSeen, meta);
        }
    }
}
