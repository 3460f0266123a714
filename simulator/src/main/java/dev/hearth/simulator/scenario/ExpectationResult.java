package dev.hearth.simulator.scenario;

import java.util.Objects;

/** How one expectation of a scenario went, in a sentence a person can read. */
public record ExpectationResult(Step.ExpectCommand expectation, boolean passed, String sentence) {
    public ExpectationResult {
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(sentence, "sentence");
    }
}
