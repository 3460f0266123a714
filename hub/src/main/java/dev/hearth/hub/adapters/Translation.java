package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** What one native message says of one device: state, measurements, availability (each may be empty). */
record Translation(ObjectNode state, ObjectNode telemetry, Optional<Boolean> online) {
    static Translation empty() {
        return new Translation(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Optional.empty());
    }

    /** This one with {@code other}'s state and telemetry added (a message about several components). */
    Translation with(Translation other) {
        state.setAll(other.state());
        telemetry.setAll(other.telemetry());
        return new Translation(state, telemetry, other.online().or(() -> online));
    }

    static Translation availability(boolean online) {
        return new Translation(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Optional.of(online));
    }
}
