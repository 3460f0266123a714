package dev.hearth.rules.internal.engine;

import dev.hearth.rules.RunListener;
import dev.hearth.rules.RunReport;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Logs every run, stores its trace and tells the listeners; a failing listener or store is logged, never fatal.
 *
 * <p>A run that went as its rule says is logged at most once a second per rule, the next line counting the ones
 * between: at 24,000 runs a second a line each was as many writes to stderr on the engine's thread. Its trace
 * has it all. A failed or stopped run is always logged.
 */
public final class RunReporter {
    private static final Logger log = LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");

    private static final Duration ROUTINE_LINE_EVERY = Duration.ofSeconds(1);

    private final Clock clock;
    private final TraceStore traces;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, RoutineLines> routine = new ConcurrentHashMap<>();

    public RunReporter(Clock clock, TraceStore traces) {
        this.clock = clock;
        this.traces = traces;
    }

    public void add(RunListener listener) {
        listeners.add(listener);
    }

    public void remove(RunListener listener) {
        listeners.remove(listener);
    }

    /**
     * The run's line, with the rule, the devices it touched (comma-separated) and the run id as MDC
     * fields ({@code rule}, {@code device}, {@code run}) so that JSON logs can be searched by them.
     * The thread's own MDC values are put back afterwards: the engine may run inside a device's context.
     */
    private void logRun(Trace trace, RunReport report) {
        Level level = switch (trace.outcome()) {
            case FAILED, STOPPED -> Level.WARN;
            case CONDITIONS_NOT_MET -> Level.DEBUG;
            default -> Level.INFO;
        };
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        String unlogged = "";
        if (level == Level.INFO) {
            RoutineLines lines = routine.computeIfAbsent(trace.ruleId(), id -> new RoutineLines());
            if (lines.last != null && report.at().isBefore(lines.last.plus(ROUTINE_LINE_EVERY))) {
                lines.since++;
                return;
            }
            unlogged = lines.since == 0 ? "" : " (and " + lines.since + " run(s) since the last line, in the traces)";
            lines.last = report.at();
            lines.since = 0;
        }
        Map<String, String> before = MDC.getCopyOfContextMap();
        try {
            MDC.put("rule", trace.ruleId());
            MDC.put("run", trace.runId());
            if (trace.devices().isEmpty()) {
                MDC.remove("device");
            } else {
                MDC.put("device", String.join(",", new TreeSet<>(trace.devices())));
            }
            log.atLevel(level).log("{}{}", report, unlogged);
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    void report(Trace trace) {
        RunReport report = new RunReport(trace.ruleId(), trace.trigger(), trace.outcome(), trace.detail(),
                clock.instant(), trace.causation(), trace.runId());
        logRun(trace, report);
        try {
            traces.append(trace);
        } catch (RuntimeException e) {
            log.warn("trace store failed on {}", report, e);
        }
        for (RunListener listener : listeners) {
            try {
                listener.onRun(report);
            } catch (RuntimeException e) {
                log.warn("run listener {} failed on {}", listener, report, e);
            }
        }
    }

    /** When a rule's last routine line was logged, and how many of its runs were not since. */
    private static final class RoutineLines {
        private Instant last;
        private long since;
    }
}
