package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one trigger of a rule did: the trigger and its values, each condition's result, each
 * action with its outcome and timing, the mode's decision, and how it ended.
 *
 * @param devices the devices it touched (the trigger's and the actions'), to find it by device
 */
public record Trace(String runId, String ruleId, String trigger, ObjectNode triggerValues, Causation causation,
                    Instant started, Instant ended, RunOutcome outcome, String detail, List<TraceStep> steps,
                    Set<String> devices) {
    public Trace {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(trigger, "trigger");
        triggerValues = Objects.requireNonNull(triggerValues, "triggerValues").deepCopy();
        Objects.requireNonNull(causation, "causation");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        steps = List.copyOf(steps);
        devices = Set.copyOf(devices);
    }

    @Override
    public ObjectNode triggerValues() {
        return triggerValues.deepCopy();
    }
}
