package dev.hearth.simulator.scenario;

import dev.hearth.rules.RunReport;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.device.ReceivedCommand;
import dev.hearth.simulator.device.StateSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scenario run on virtual time: the report, where the virtual clock started and stopped, and
 * every rule run the engine reported (in order), and what each device held and received, by device id.
 */
public record VirtualRun(ScenarioReport report, Instant start, Instant end, List<RunReport> ruleRuns,
                         Map<String, List<StateSample>> states, Map<String, List<ReceivedCommand>> commands) {
    public VirtualRun {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        ruleRuns = List.copyOf(ruleRuns);
        states = Map.copyOf(states);
        commands = Map.copyOf(commands);
    }

    /** How much virtual time the run covered. */
    public Duration simulated() {
        return Duration.between(start, end);
    }

    /** The report's summary, then how much virtual time passed and how many rule runs there were: for {@code hearth rules test}. */
    public String summary() {
        return report.summary() + "  virtual time " + start + " .. " + end + " (" + Durations.format(simulated()) + "), "
                + ruleRuns.size() + (ruleRuns.size() == 1 ? " rule run" : " rule runs") + "\n";
    }
}
