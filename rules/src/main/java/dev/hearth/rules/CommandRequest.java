package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;

/** A command a rule wants sent to a device; the hub enforces {@code timeout}. */
public record CommandRequest(String deviceId, String command, ObjectNode args, Duration timeout, String ruleId) {
    public CommandRequest {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ruleId, "ruleId");
    }
}
