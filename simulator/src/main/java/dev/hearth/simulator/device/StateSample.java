package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/** The device's whole reported state from {@code at} on, as the device itself holds it. */
public record StateSample(Instant at, ObjectNode state) {
    public StateSample {
        Objects.requireNonNull(at, "at");
        state = Objects.requireNonNull(state, "state").deepCopy();
    }

    @Override
    public ObjectNode state() {
        return state.deepCopy();
    }
}
