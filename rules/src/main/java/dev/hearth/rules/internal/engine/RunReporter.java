package dev.hearth.rules.internal.engine;

import dev.hearth.rules.RunListener;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.RunReport;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every run and tells the listeners; a failing listener is logged, never fatal. */
public final class RunReporter {
    private static final Logger log = LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");

    private final Clock clock;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    public RunReporter(Clock clock) {
        this.clock = clock;
    }

    public void add(RunListener listener) {
        listeners.add(listener);
    }

    public void remove(RunListener listener) {
        listeners.remove(listener);
    }

    void report(String ruleId, String trigger, RunOutcome outcome, String detail) {
        RunReport report = new RunReport(ruleId, trigger, outcome, detail, clock.instant());
        switch (outcome) {
            case FAILED -> log.warn("{}", report);
            case CONDITIONS_NOT_MET -> log.debug("{}", report);
            default -> log.info("{}", report);
        }
        for (RunListener listener : listeners) {
            try {
                listener.onRun(report);
            } catch (RuntimeException e) {
                log.warn("run listener {} failed on {}", listener, report, e);
            }
        }
    }
}
