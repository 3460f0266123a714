package dev.hearth.rules.internal.engine;

import dev.hearth.rules.RunListener;
import dev.hearth.rules.RunReport;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Logs every run, stores its trace and tells the listeners; a failing listener or store is logged, never fatal. */
public final class RunReporter {
    private static final Logger log = LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");

    private final Clock clock;
    private final TraceStore traces;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

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
    private static void logRun(Trace trace, RunReport report) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        try {
            MDC.put("rule", trace.ruleId());
            MDC.put("run", trace.runId());
            if (trace.devices().isEmpty()) {
                MDC.remove("device");
            } else {
                MDC.put("device", String.join(",", new TreeSet<>(trace.devices())));
            }
            switch (trace.outcome()) {
                case FAILED, STOPPED -> log.warn("{}", report);
                case CONDITIONS_NOT_MET -> log.debug("{}", report);
                default -> log.info("{}", report);
            }
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
}
