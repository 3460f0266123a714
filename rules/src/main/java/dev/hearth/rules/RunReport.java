package dev.hearth.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One trigger of a rule and what came of it; {@code detail} says why, in words. {@code runId} finds
 * the run's {@link Trace} in the {@link TraceStore}.
 */
public record RunReport(String ruleId, String trigger, RunOutcome outcome, String detail, Instant at,
                        Causation causation, String runId) {
    public RunReport {
        Objects.requireNonNull(causation, "causation");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    public RunReport(String ruleId, String trigger, RunOutcome outcome, String detail, Instant at) {
        this(ruleId, trigger, outcome, detail, at, Causation.EXTERNAL, "");
    }

    @Override
    public String toString() {
        return "rule '" + ruleId + "' (" + trigger + "): " + outcome + ", " + detail;
    }
}
