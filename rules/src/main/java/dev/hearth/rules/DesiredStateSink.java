package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The port through which rules set a device's desired state (the hub publishes it, retained). */
@FunctionalInterface
public interface DesiredStateSink {
    void setDesired(String deviceId, ObjectNode desired, String ruleId, Causation causation);

    /** Logs and drops: for an engine whose host has no desired state. */
    DesiredStateSink NONE = (deviceId, desired, ruleId, causation) ->
            org.slf4j.LoggerFactory.getLogger(DesiredStateSink.class)
                    .warn("rule '{}' set desired state of {} but no desired-state sink is wired", ruleId, deviceId);
}
