package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.expr.ExpressionException;
import dev.hearth.rules.internal.expr.Template;
import dev.hearth.rules.internal.expr.Values;
import dev.hearth.rules.internal.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * One run of a rule's actions. Nothing blocks the scheduler: each action calls {@code next} when it
 * is done (at once, or later from a timer or a reply, back on the scheduler). Any failure ends the
 * whole run through {@link #finish}; every callback checks {@link #active()} first, so a cancelled
 * run's late replies and timers do nothing.
 */
final class RuleRun {

    private final RuleRuntime runtime;
    private final EngineContext context;
    private final RunTrace trace;
    private final String key;
    private final boolean dryRun;
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final Map<String, Object> variables;
    private final List<Runnable> cleanups = new ArrayList<>();
    private final PortSteps ports;
    private boolean started;
    private boolean finished;
    /** Set when the run is suspended (engine closed, rules replaced): its deadlines stay in the journal. */
    private boolean keepJournal;

    /** A run resumed from the timer journal: dry only if its rule or the engine is. */
    RuleRun(RuleRuntime runtime, RunTrace trace, String key) {
        this(runtime, trace, key, runtime.dryRun());
    }

    RuleRun(RuleRuntime runtime, RunTrace trace, String key, boolean dryRun) {
        this.runtime = runtime;
        this.context = runtime.context();
        this.trace = trace;
        this.key = key;
        this.dryRun = dryRun;
        this.variables = runtime.variables(trace.fired(), vars);
        this.ports = new PortSteps(this, context);
    }

    String key() {
        return key;
    }

    /** Evaluate and trace, but actuate nothing: the rule's option, the engine's, or asked for this run. */
    boolean dryRun() {
        return dryRun;
    }

    void start() {
        resumeAt(0);
    }

    /** Starts at a top-level action: 0 for a new run, later for one restored from the journal. */
    void resumeAt(int index) {
        started = true;
        List<Action> actions = runtime.rule().actions();
        runList(actions, index, true, () -> finish(RunOutcome.COMPLETED,
                actions.size() + (actions.size() == 1 ? " action" : " actions") + " done"));
    }

    /** Restored from the journal: waits out the top-level delay at {@code index}, then goes on after it. */
    void resumeDelay(int index, Instant due) {
        started = true;
        List<Action> actions = runtime.rule().actions();
        Duration duration = ((Action.Delay) actions.get(index)).duration();
        delay(duration, index, due, () -> runList(actions, index + 1, true, () -> finish(RunOutcome.COMPLETED,
                actions.size() + (actions.size() == 1 ? " action" : " actions") + " done")));
    }

    void restoreVariables(JsonNode saved) {
        if (saved instanceof ObjectNode object) {
            object.properties().forEach(entry -> vars.put(entry.getKey(), Values.fromJson(entry.getValue())));
        }
    }

    void drop(String why) {
        trace.step(TraceStep.Kind.MODE, "mode " + runtime.rule().mode().yamlName(), "dropped: " + why);
        finish(RunOutcome.DROPPED, why);
    }

    void note(String decision) {
        trace.step(TraceStep.Kind.MODE, "mode " + runtime.rule().mode().yamlName(), decision);
    }

    void cancel(String why) {
        finish(RunOutcome.CANCELLED, why);
    }

    void suspend(String why) {
        keepJournal = true;
        finish(RunOutcome.CANCELLED, why);
    }

    boolean active() {
        if (!finished && runtime.isRetired()) {
            suspend(runtime.owner().retiredBecause());
        }
        return !finished;
    }

    private void runList(List<Action> actions, int index, boolean top, Runnable next) {
        if (!active()) {
            return;
        }
        if (index == actions.size()) {
            next.run();
            return;
        }
        Action action = actions.get(index);
        Runnable after = () -> runList(actions, index + 1, top, next);
        if (action instanceof Action.Command command) {
            ports.command(command, after);
        } else if (action instanceof Action.Desired desired) {
            ports.desired(desired, after);
        } else if (action instanceof Action.Delay delay) {
            delay(delay.duration(), top ? index : -1, context.clock().instant().plus(delay.duration()), after);
        } else if (action instanceof Action.WaitFor waitFor) {
            waitFor(waitFor, top ? index : -1,
                    waitFor.timeout().map(limit -> context.clock().instant().plus(limit)).orElse(null), after);
        } else if (action instanceof Action.Choose choose) {
            choose(choose, after);
        } else if (action instanceof Action.Repeat repeat) {
            repeat(repeat, 0, after);
        } else if (action instanceof Action.Parallel parallel) {
            parallel(parallel, after);
        } else if (action instanceof Action.Sequence sequence) {
            runList(sequence.actions(), 0, false, after);
        } else if (action instanceof Action.Notify notify) {
            ports.notify(notify, after);
        } else if (action instanceof Action.SetEnabled setEnabled) {
            boolean known = runtime.owner().setEnabled(setEnabled.ruleId(), setEnabled.enabled());
            trace.step(TraceStep.Kind.ACTION, setEnabled.toString(), known ? "done" : "no such rule");
            after.run();
        } else {
            setVariables((Action.Variables) action, after);
        }
    }

    Optional<JsonNode> render(JsonNode value, String what) {
        try {
            return Optional.of(Template.renderAll(value, variables));
        } catch (ExpressionException e) {
            trace.step(TraceStep.Kind.ACTION, what, "failed: " + e.getMessage());
            finish(RunOutcome.FAILED, what + " failed: an expression failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void cleanupsAdd(ScheduledFuture<?> future) {
        cleanups.add(() -> cancel(future));
    }

    /** The timer is cancelled when the run ends, however it ends. */
    void onEnd(ScheduledFuture<?> future) {
        cleanupsAdd(future);
    }

    RunTrace trace() {
        return trace;
    }

    RuleRuntime runtime() {
        return runtime;
    }

    /**
     * A top-level deadline ({@code topIndex} >= 0) goes to the journal, so the run goes on after a
     * restart; returns its journal id, or null for a nested one (not resumable: its place is not
     * a plain index).
     */
    private String journal(String kind, int topIndex, Instant due) {
        if (topIndex < 0) {
            return null;
        }
        String journalId = trace.runId() + "." + kind;
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("index", topIndex);
        data.put("actions", ActiveRules.fingerprint(runtime.rule()));
        data.put("description", trace.fired().description());
        data.set("values", trace.fired().values());
        data.put("causation", trace.fired().causation().id());
        data.put("depth", trace.fired().causation().depth());
        data.set("vars", Values.toJson(vars));
        context.timers().put(new TimerJournal.Entry(journalId, runtime.rule().id(), kind, due, data));
        return journalId;
    }

    private void forget(String journalId) {
        if (journalId != null && !keepJournal) {
            context.timers().remove(journalId);
        }
    }

    void delay(Duration duration, int topIndex, Instant due, Runnable next) {
        String journalId = journal("delay", topIndex, due);
        Instant begun = context.clock().instant();
        ScheduledFuture<?> timer = context.schedule(() -> {
            if (!active()) {
                return;
            }
            forget(journalId);
            trace.step(TraceStep.Kind.ACTION, "delay " + Durations.format(duration), "waited until " + due, begun);
            next.run();
        }, Duration.between(begun, due)).orElse(null);
        cleanups.add(() -> {
            cancel(timer);
            forget(journalId);
        });
    }

    /** Restored from the journal: waits again, until the same deadline, for the top-level wait_for at {@code index}. */
    void resumeWaitFor(int index, Instant due) {
        started = true;
        List<Action> actions = runtime.rule().actions();
        waitFor((Action.WaitFor) actions.get(index), index, due, () -> runList(actions, index + 1, true,
                () -> finish(RunOutcome.COMPLETED, actions.size() + (actions.size() == 1 ? " action" : " actions") + " done")));
    }

    /** What a wait_for does when its deadline passed while the engine was stopped. */
    void timedOutWhileStopped(int index) {
        started = true;
        List<Action> actions = runtime.rule().actions();
        Action.WaitFor waitFor = (Action.WaitFor) actions.get(index);
        String why = "wait_for timed out while the engine was stopped";
        trace.step(TraceStep.Kind.TIMER, waitFor.toString(), why + (waitFor.continueOnTimeout() ? "; continuing" : ""));
        if (waitFor.continueOnTimeout()) {
            resumeAt(index + 1);
        } else {
            finish(RunOutcome.FAILED, why);
        }
    }

    private void waitFor(Action.WaitFor waitFor, int topIndex, Instant due, Runnable next) {
        Instant begun = context.clock().instant();
        String journalId = due == null ? null : journal("wait_for", topIndex, due);
        boolean[] done = {false};
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        Runnable stopWaiting = runtime.owner().addWaiter(waitFor.triggers(), fired -> {
            if (done[0] || !active()) {
                return;
            }
            done[0] = true;
            cancel(timeout[0]);
            forget(journalId);
            vars.put("wait", Values.fromJson(fired.values()));
            trace.step(TraceStep.Kind.ACTION, waitFor.toString(), "fired: " + fired.description(), begun);
            next.run();
        });
        cleanups.add(stopWaiting);
        cleanups.add(() -> forget(journalId));
        if (due == null) {
            return;
        }
        timeout[0] = context.schedule(() -> {
            if (done[0] || !active()) {
                return;
            }
            done[0] = true;
            stopWaiting.run();
            forget(journalId);
            String why = "wait_for timed out after " + Durations.format(waitFor.timeout().orElseThrow());
            trace.step(TraceStep.Kind.ACTION, waitFor.toString(), why
                    + (waitFor.continueOnTimeout() ? "; continuing" : ""), begun);
            if (waitFor.continueOnTimeout()) {
                next.run();
            } else {
                finish(RunOutcome.FAILED, why);
            }
        }, Duration.between(begun, due)).orElse(null);
        cleanupsAdd(timeout[0]);
    }

    private void choose(Action.Choose choose, Runnable next) {
        for (int index = 0; index < choose.branches().size(); index++) {
            Action.Branch branch = choose.branches().get(index);
            if (runtime.conditions().firstUnmet(branch.conditions(), variables, trace).isEmpty()) {
                trace.step(TraceStep.Kind.ACTION, "choose", "branch " + (index + 1));
                runList(branch.actions(), 0, false, next);
                return;
            }
        }
        trace.step(TraceStep.Kind.ACTION, "choose", choose.otherwise().isEmpty() ? "no branch holds; no default" : "default");
        runList(choose.otherwise(), 0, false, next);
    }

    private void repeat(Action.Repeat repeat, int pass, Runnable next) {
        if (!active()) {
            return;
        }
        if (pass >= Action.Repeat.MAX_PASSES) {
            finish(RunOutcome.FAILED, repeat + " stopped after " + Action.Repeat.MAX_PASSES + " passes");
            return;
        }
        boolean countDone = repeat.count().isPresent() && pass >= repeat.count().getAsInt();
        boolean whileEnds = !repeat.whileAll().isEmpty()
                && runtime.conditions().firstUnmet(repeat.whileAll(), variables, null).isPresent();
        if (countDone || whileEnds) {
            trace.step(TraceStep.Kind.ACTION, repeat.toString(), pass + " passes");
            next.run();
            return;
        }
        vars.put("repeat", Map.of("index", (long) pass + 1));
        runList(repeat.actions(), 0, false, () -> {
            if (!repeat.untilAll().isEmpty()
                    && runtime.conditions().firstUnmet(repeat.untilAll(), variables, null).isEmpty()) {
                trace.step(TraceStep.Kind.ACTION, repeat.toString(), (pass + 1) + " passes");
                next.run();
                return;
            }
            // Through the scheduler: a long loop of quick actions must not grow the stack.
            context.execute(() -> repeat(repeat, pass + 1, next));
        });
    }

    private void parallel(Action.Parallel parallel, Runnable next) {
        int[] left = {parallel.branches().size()};
        if (left[0] == 0) {
            next.run();
            return;
        }
        for (Action branch : parallel.branches()) {
            runList(List.of(branch), 0, false, () -> {
                if (--left[0] == 0) {
                    next.run();
                }
            });
        }
    }

    private void setVariables(Action.Variables action, Runnable next) {
        Optional<JsonNode> values = render(action.values(), "variables");
        if (values.isEmpty()) {
            return;
        }
        values.get().properties().forEach(entry -> vars.put(entry.getKey(), Values.fromJson(entry.getValue())));
        trace.step(TraceStep.Kind.ACTION, "variables", "set " + values.get());
        next.run();
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    void finish(RunOutcome outcome, String detail) {
        if (finished) {
            return;
        }
        finished = true;
        List.copyOf(cleanups).forEach(Runnable::run);
        cleanups.clear();
        trace.finish(outcome, detail);
        if (started) {
            runtime.finished(this);
        }
    }
}
