package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.expr.ExpressionException;
import dev.hearth.rules.internal.expr.Template;
import dev.hearth.rules.CelValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * One run of a rule's actions: its variables, its trace and how it ends. Nothing blocks the
 * scheduler: each action calls {@code next} when it is done (at once, or later from a timer or a
 * reply, back on the scheduler). Any failure ends the whole run through {@link #finish}; every
 * callback checks {@link #active()} first, so a cancelled run's late replies and timers do nothing.
 * {@link ActionRunner} runs the actions, {@link RunJournal} keeps its deadlines and
 * {@link RunResume} takes it up again from them.
 */
final class RuleRun {

    private final RuleRuntime runtime;
    private final RunTrace trace;
    private final String key;
    private final boolean dryRun;
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final Map<String, Object> variables;
    private final List<Runnable> cleanups = new ArrayList<>();
    private final RunJournal journal;
    private final ActionRunner runner;
    private boolean started;
    private boolean finished;

    /** A run resumed from the timer journal: dry only if its rule or the engine is. */
    RuleRun(RuleRuntime runtime, RunTrace trace, String key) {
        this(runtime, trace, key, runtime.dryRun());
    }

    RuleRun(RuleRuntime runtime, RunTrace trace, String key, boolean dryRun) {
        this.runtime = runtime;
        this.trace = trace;
        this.key = key;
        this.dryRun = dryRun;
        this.variables = runtime.variables(trace.fired(), vars);
        this.journal = new RunJournal(this, runtime.context());
        this.runner = new ActionRunner(this, runtime.context(), journal);
    }

    String key() {
        return key;
    }

    /** Evaluate and trace, but actuate nothing: the rule's option, the engine's, or asked for this run. */
    boolean dryRun() {
        return dryRun;
    }

    void start() {
        started = true;
        runner.runList(runtime.rule().actions(), 0, List.of(), this::completed);
    }

    /** Restored from the journal: see {@link RunResume}. */
    void resume(List<RunResume.Waiting> waiting) {
        started = true;
        new RunResume(this, runner).resume(waiting);
    }

    void completed() {
        List<Action> actions = runtime.rule().actions();
        finish(RunOutcome.COMPLETED, actions.size() + (actions.size() == 1 ? " action" : " actions") + " done");
    }

    void restoreVariables(JsonNode saved) {
        if (saved instanceof ObjectNode object) {
            object.properties().forEach(entry -> vars.put(entry.getKey(), CelValues.fromJson(entry.getValue())));
        }
    }

    /** The run's own variables ({@code vars.name}), as the journal keeps them. */
    Map<String, Object> vars() {
        return vars;
    }

    void setVariable(String name, Object value) {
        vars.put(name, value);
    }

    /** What the run's expressions and conditions read: state, trigger and vars. */
    Map<String, Object> variables() {
        return variables;
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
        journal.keep();
        finish(RunOutcome.CANCELLED, why);
    }

    boolean active() {
        if (!finished && runtime.isRetired()) {
            suspend(runtime.owner().retiredBecause());
        }
        return !finished;
    }

    boolean isFinished() {
        return finished;
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

    /** The timer is cancelled when the run ends, however it ends. */
    void onEnd(ScheduledFuture<?> future) {
        cleanups.add(() -> cancel(future));
    }

    /** Runs when the run ends, however it ends. */
    void onEnd(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    RunTrace trace() {
        return trace;
    }

    RuleRuntime runtime() {
        return runtime;
    }

    RunJournal journal() {
        return journal;
    }

    static void cancel(ScheduledFuture<?> future) {
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
