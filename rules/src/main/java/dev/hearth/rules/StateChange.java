package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of one device changed. {@code previous} is empty on a device's first report
 * of the attribute: triggers treat that as a change from "unknown".
 */
public record StateChange(String deviceId, String attribute, Optional<JsonNode> previous, JsonNode current,
                          Instant at) {
    public StateChange {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
    }

    /** False when the device re-reported the value it already had. */
    public boolean isChange() {
        return previous.isEmpty() || !previous.get().equals(current);
    }
}
