package dev.hearth.rules.internal.engine;

import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The trace of one run as it happens; {@link #finish} turns it into a {@link Trace} once. */
final class RunTrace {
    private final String runId;
    private final String ruleId;
    private final Fired fired;
    private final Instant started;
    private final List<TraceStep> steps = new ArrayList<>();
    private final Set<String> devices = new HashSet<>();
    private final EngineContext context;

    RunTrace(String runId, String ruleId, Fired fired, EngineContext context) {
        this.runId = runId;
        this.ruleId = ruleId;
        this.fired = fired;
        this.context = context;
        this.started = context.clock().instant();
        if (fired.values().hasNonNull("device")) {
            devices.add(fired.values().get("device").asText());
        }
    }

    String runId() {
        return runId;
    }

    Fired fired() {
        return fired;
    }

    void device(String deviceId) {
        devices.add(deviceId);
    }

    /** Records a step that took from {@code since} to now. */
    void step(TraceStep.Kind kind, String what, String result, Instant since) {
        Instant now = context.clock().instant();
        steps.add(new TraceStep(now, kind, what, result, since == null ? Duration.ZERO : Duration.between(since, now)));
    }

    void step(TraceStep.Kind kind, String what, String result) {
        step(kind, what, result, null);
    }

    void finish(RunOutcome outcome, String detail) {
        context.reporter().report(new Trace(runId, ruleId, fired.description(), fired.values(), fired.causation(),
                started, context.clock().instant(), outcome, detail, steps, devices));
    }
}
