package dev.hearth.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A command a rule sent, for the hub that holds the device. {@code commandId} is the same however often the record
 * is delivered (a worker's task replayed after a failover writes the same id), so a hub sends it to the device once.
 * {@code issuedAt} with {@code timeout} bounds how late a hub may still deliver it.
 */
public record ClusterCommand(String commandId, String site, String deviceId, String command, ObjectNode args,
                             Duration timeout, String ruleId, Causation causation, Instant issuedAt) {
    public ClusterCommand {
        Objects.requireNonNull(commandId, "commandId");
        SiteKey.require(site);
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(command, "command");
        args = Objects.requireNonNull(args, "args").deepCopy();
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(causation, "causation");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
