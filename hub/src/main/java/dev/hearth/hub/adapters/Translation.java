package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** What one native message says of one device: state, measurements, availability (each may be empty). */
record Translation(ObjectNode state, ObjectNode telemetry, Optional<Boolean> online) {
    static Translation empty() {
        return new Translation(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Optional.empty());
    }

    static Translation availability(boolean online) {
        return new Translation(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Optional.of(online));
    }
}
