package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/** One value of one attribute at one time: a state change or a telemetry measurement. */
public record HistoryPoint(String deviceId, String attribute, Instant at, JsonNode value) {
    public HistoryPoint {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(value, "value");
    }

    /** Numbers, and booleans as 1/0, can be plotted and averaged. */
    public OptionalDouble numeric() {
        if (value.isNumber()) {
            return OptionalDouble.of(value.doubleValue());
        }
        if (value.isBoolean()) {
            return OptionalDouble.of(value.booleanValue() ? 1 : 0);
        }
        return OptionalDouble.empty();
    }
}
