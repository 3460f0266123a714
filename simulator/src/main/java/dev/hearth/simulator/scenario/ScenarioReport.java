package dev.hearth.simulator.scenario;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a scenario run: each expectation with its sentence, and errors that stopped
 * the run or a step (a device that could not connect, say). Passed when there are no errors
 * and every expectation passed.
 */
public record ScenarioReport(String scenario, List<ExpectationResult> expectations, List<String> errors) {
    public ScenarioReport {
        Objects.requireNonNull(scenario, "scenario");
        expectations = List.copyOf(expectations);
        errors = List.copyOf(errors);
    }

    public boolean passed() {
        return errors.isEmpty() && expectations.stream().allMatch(ExpectationResult::passed);
    }

    public List<ExpectationResult> failures() {
        return expectations.stream().filter(e -> !e.passed()).toList();
    }

    /** A few lines for a terminal: verdict, then one line per expectation and error. */
    public String summary() {
        long passed = expectations.stream().filter(ExpectationResult::passed).count();
        StringBuilder out = new StringBuilder()
                .append("scenario ").append(scenario).append(": ").append(passed() ? "PASSED" : "FAILED")
                .append(" (").append(passed).append('/').append(expectations.size()).append(" expectations met")
                .append(errors.isEmpty() ? "" : ", " + errors.size() + (errors.size() == 1 ? " error" : " errors"))
                .append(")\n");
        for (ExpectationResult e : expectations) {
            out.append(e.passed() ? "  ok    " : "  FAIL  ").append(e.sentence()).append('\n');
        }
        for (String error : errors) {
            out.append("  ERROR ").append(error).append('\n');
        }
        return out.toString();
    }
}
