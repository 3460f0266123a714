package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;

/**
 * A command a rule wants sent to a device; the hub enforces {@code timeout}. The hub should pass
 * {@code causation} on with the device's resulting state change (the engine also infers it).
 */
public record CommandRequest(String deviceId, String command, ObjectNode args, Duration timeout, String ruleId,
                             Causation causation) {
    public CommandRequest {
        Objects.requireNonNull(causation, "causation");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ruleId, "ruleId");
    }

    public CommandRequest(String deviceId, String command, ObjectNode args, Duration timeout, String ruleId) {
        this(deviceId, command, args, timeout, ruleId, Causation.EXTERNAL);
    }
}
