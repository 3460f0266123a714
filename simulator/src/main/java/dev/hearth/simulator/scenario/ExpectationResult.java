package dev.hearth.simulator.scenario;

import dev.hearth.rules.RunReport;
import java.util.List;
import java.util.Objects;

/**
 * How one expectation of a scenario went, in a sentence a person can read. On the virtual
 * clock, a failed one carries the rule runs seen up to its deadline: the first place to look.
 */
public record ExpectationResult(Step.Expectation expectation, Verdict verdict, String sentence, List<RunReport> ruleRuns) {
    public enum Verdict { PASSED, FAILED, SKIPPED }

    public ExpectationResult {
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(sentence, "sentence");
        ruleRuns = List.copyOf(ruleRuns);
    }

    public ExpectationResult(Step.Expectation expectation, boolean passed, String sentence) {
        this(expectation, passed ? Verdict.PASSED : Verdict.FAILED, sentence, List.of());
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public boolean failed() {
        return verdict == Verdict.FAILED;
    }
}
