package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of one device changed. {@code previous} is empty on a device's first report
 * of the attribute: triggers treat that as a change from "unknown". {@code causation} is the chain
 * the change belongs to when the hub knows it (the change answers a rule's command), else external.
 */
public record StateChange(String deviceId, String attribute, Optional<JsonNode> previous, JsonNode current,
                          Instant at, Causation causation) {
    public StateChange {
        Objects.requireNonNull(causation, "causation");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
    }

    public StateChange(String deviceId, String attribute, Optional<JsonNode> previous, JsonNode current, Instant at) {
        this(deviceId, attribute, previous, current, at, Causation.EXTERNAL);
    }

    /** False when the device re-reported the value it already had. */
    public boolean isChange() {
        return previous.isEmpty() || !previous.get().equals(current);
    }
}
