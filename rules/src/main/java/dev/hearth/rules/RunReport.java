package dev.hearth.rules;

import java.time.Instant;
import java.util.Objects;

/** One trigger of a rule and what came of it; {@code detail} says why, in words. */
public record RunReport(String ruleId, String trigger, RunOutcome outcome, String detail, Instant at) {
    public RunReport {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return "rule '" + ruleId + "' (" + trigger + "): " + outcome + ", " + detail;
    }
}
