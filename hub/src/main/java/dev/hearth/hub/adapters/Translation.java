package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What one native message says of one device: state, measurements, events (attribute: the word, see
 * {@link dev.hearth.hub.adapters.profile.Target.Kind#EVENT}), availability (each may be empty).
 */
record Translation(ObjectNode state, ObjectNode telemetry, ObjectNode events, Optional<Boolean> online) {
    static Translation empty() {
        return new Translation(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(), Optional.empty());
    }

    /** Where a target of this kind goes. */
    ObjectNode into(dev.hearth.hub.adapters.profile.Target.Kind kind) {
        return switch (kind) {
            case STATE -> state;
            case TELEMETRY -> telemetry;
            case EVENT -> events;
        };
    }

    /** This one with {@code other}'s state and telemetry added (a message about several components). */
    Translation with(Translation other) {
        state.setAll(other.state());
        telemetry.setAll(other.telemetry());
        events.setAll(other.events());
        return new Translation(state, telemetry, events, other.online().or(() -> online));
    }

    static Translation availability(boolean online) {
        return new Translation(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(), Optional.of(online));
    }
}
