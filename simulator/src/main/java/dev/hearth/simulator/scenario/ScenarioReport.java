package dev.hearth.simulator.scenario;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a scenario run: each expectation with its sentence, and errors that stopped
 * the run or a step (a device that could not connect, say). Passed when there are no errors
 * and no expectation failed (a skipped one, such as an API check without a hub URL, does not fail).
 */
public record ScenarioReport(String scenario, List<ExpectationResult> expectations, List<String> errors) {
    public ScenarioReport {
        Objects.requireNonNull(scenario, "scenario");
        expectations = List.copyOf(expectations);
        errors = List.copyOf(errors);
    }

    public boolean passed() {
        return errors.isEmpty() && expectations.stream().noneMatch(ExpectationResult::failed);
    }

    public List<ExpectationResult> failures() {
        return expectations.stream().filter(ExpectationResult::failed).toList();
    }

    /** A few lines for a terminal: verdict, then one line per expectation (with the rule runs under a failure) and error. */
    public String summary() {
        long passed = expectations.stream().filter(ExpectationResult::passed).count();
        long skipped = expectations.stream().filter(e -> e.verdict() == ExpectationResult.Verdict.SKIPPED).count();
        StringBuilder out = new StringBuilder()
                .append("scenario ").append(scenario).append(": ").append(passed() ? "PASSED" : "FAILED")
                .append(" (").append(passed).append('/').append(expectations.size()).append(" expectations met")
                .append(skipped == 0 ? "" : ", " + skipped + " skipped")
                .append(errors.isEmpty() ? "" : ", " + errors.size() + (errors.size() == 1 ? " error" : " errors"))
                .append(")\n");
        for (ExpectationResult e : expectations) {
            out.append(switch (e.verdict()) {
                case PASSED -> "  ok    ";
                case FAILED -> "  FAIL  ";
                case SKIPPED -> "  SKIP  ";
            }).append(e.sentence()).append('\n');
            if (e.failed() && !e.ruleRuns().isEmpty()) {
                out.append("        rule runs until then:\n");
                e.ruleRuns().forEach(run -> out.append("          ").append(run.at()).append(' ').append(run).append('\n'));
            }
        }
        for (String error : errors) {
            out.append("  ERROR ").append(error).append('\n');
        }
        return out.toString();
    }
}
