package dev.hearth.hub.rules;

import dev.hearth.rules.RunListener;
import dev.hearth.rules.RunReport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The last run of each rule, for the API; full traces are the rules engine's TraceStore's job. */
public final class LastRuns implements RunListener {
    private final Map<String, RunReport> last = new ConcurrentHashMap<>();

    @Override
    public void onRun(RunReport report) {
        last.put(report.ruleId(), report);
    }

    public Optional<RunReport> of(String ruleId) {
        return Optional.ofNullable(last.get(ruleId));
    }
}
