package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.StateChange;
import java.time.Instant;
import java.util.Optional;

/** What the engine reacts to, once normalised (unknown/unavailable, inferred causation). */
sealed interface Event permits Event.State, Event.Availability, Event.Telemetry {

    String deviceId();

    Causation causation();

    /** When it happened, by the clock of whoever saw it first (the hub). */
    Instant at();

    record State(StateChange change) implements Event {
        @Override
        public String deviceId() {
            return change.deviceId();
        }

        @Override
        public Causation causation() {
            return change.causation();
        }

        @Override
        public Instant at() {
            return change.at();
        }
    }

    /** {@code previous} is empty when the engine did not know the device's availability. */
    record Availability(String deviceId, boolean online, Optional<Boolean> previous, Instant at, Causation causation)
            implements Event {
    }

    record Telemetry(String deviceId, ObjectNode measurements, Instant at, Causation causation) implements Event {
    }
}
