package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.engine.RunPosition.Step;
import dev.hearth.rules.internal.expr.ExpressionException;
import dev.hearth.rules.internal.expr.Template;
import dev.hearth.rules.internal.expr.Values;
import dev.hearth.rules.yaml.Durations;
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
    /** This run's deadlines now in the journal, by journal id: how to write each again. */
    private final Map<String, java.util.function.Supplier<TimerJournal.Entry>> live = new LinkedHashMap<>();

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
        started = true;
        runList(runtime.rule().actions(), 0, List.of(), this::completed);
    }

    private void completed() {
        List<Action> actions = runtime.rule().actions();
        finish(RunOutcome.COMPLETED, actions.size() + (actions.size() == 1 ? " action" : " actions") + " done");
    }

    /**
     * A delay or wait_for of this run found in the journal: where it was, its deadline, and whether
     * that deadline passed while the engine was stopped (the missed policy already said to go on).
     */
    record Waiting(List<Step> path, Instant due, boolean overdue) {
    }

    /**
     * Restored from the journal: goes back down the action tree along the journaled path(s) and
     * waits again at each leaf until the same deadline (or goes on at once past an overdue one);
     * the actions after each level then run as usual. Several entries of one run only happen
     * inside a parallel.
     */
    void resume(List<Waiting> waiting) {
        started = true;
        try {
            resumeList(runtime.rule().actions(), List.of(), waiting, 0, this::completed);
        } catch (RuntimeException e) {
            // The fingerprint check makes this unlikely; a hand-edited or corrupt journal is not.
            String why = "could not resume from the timer journal: " + e.getMessage();
            trace.step(TraceStep.Kind.TIMER, "resume", why);
            finish(RunOutcome.FAILED, why);
        }
    }

    private void resumeList(List<Action> actions, List<Step> prefix, List<Waiting> waiting, int depth, Runnable next) {
        if (!active()) {
            return;
        }
        Step step = waiting.get(0).path().get(depth);
        int index = step.index();
        // A list runs one action at a time, so entries of one run agree here unless the journal is corrupt.
        List<Waiting> here = waiting.stream().filter(w -> w.path().get(depth).index() == index).toList();
        if (here.size() < waiting.size()) {
            trace.step(TraceStep.Kind.TIMER, "resume", (waiting.size() - here.size())
                    + " journal entries at another action of the same list ignored");
        }
        Action action = actions.get(index);
        Runnable after = () -> runList(actions, index + 1, prefix, next);
        if (depth == here.get(0).path().size() - 1) {
            resumeLeaf(action, RunPosition.append(prefix, Step.at(index)), here.get(0), after);
        } else if (action instanceof Action.Sequence sequence) {
            resumeList(sequence.actions(), RunPosition.append(prefix, Step.at(index)), here, depth + 1, after);
        } else if (action instanceof Action.Choose choose) {
            int branch = step.branch();
            // Not evaluated again: the branch was taken before the restart, the state may have moved since.
            List<Action> chosen = branch == RunPosition.DEFAULT_BRANCH ? choose.otherwise()
                    : choose.branches().get(branch).actions();
            trace.step(TraceStep.Kind.ACTION, "choose", (branch == RunPosition.DEFAULT_BRANCH ? "default"
                    : "branch " + (branch + 1)) + " (taken before the restart)");
            resumeList(chosen, RunPosition.append(prefix, Step.chose(index, branch)), here, depth + 1, after);
        } else if (action instanceof Action.Repeat repeat) {
            int pass = step.pass();
            if (pass < 0) {
                throw new IllegalArgumentException("a repeat step without its pass");
            }
            vars.put("repeat", Map.of("index", (long) pass + 1));
            resumeList(repeat.actions(), RunPosition.append(prefix, Step.pass(index, pass)), here, depth + 1,
                    () -> afterPass(repeat, prefix, index, pass, after));
        } else if (action instanceof Action.Parallel parallel) {
            resumeParallel(parallel, prefix, index, here, depth, after);
        } else {
            throw new IllegalArgumentException("action " + RunPosition.text(RunPosition.append(prefix, step))
                    + " holds no actions: " + action);
        }
    }

    private void resumeLeaf(Action action, List<Step> path, Waiting waiting, Runnable after) {
        if (action instanceof Action.Delay delay) {
            if (!waiting.overdue()) {
                delay(delay.duration(), path, waiting.due(), after);
                return;
            }
            trace.step(TraceStep.Kind.TIMER, "delay " + Durations.format(delay.duration()),
                    "deadline " + waiting.due() + " passed while the engine was stopped; going on");
            after.run();
        } else if (action instanceof Action.WaitFor waitFor) {
            if (!waiting.overdue()) {
                waitFor(waitFor, path, waiting.due(), after);
                return;
            }
            vars.put("wait", waitResult(null, waiting.due()));
            String why = "wait_for timed out while the engine was stopped";
            trace.step(TraceStep.Kind.TIMER, waitFor.toString(), why + (waitFor.continueOnTimeout() ? "; continuing" : ""));
            if (waitFor.continueOnTimeout()) {
                after.run();
            } else {
                finish(RunOutcome.FAILED, why);
            }
        } else {
            throw new IllegalArgumentException("action " + RunPosition.text(path) + " is no delay or wait_for: " + action);
        }
    }

    /**
     * The branches that were at a delay or wait_for go on; those the journal says had finished stay
     * finished; any other branch was at a step that is not journaled (a command awaiting its reply,
     * a webhook) and is not run again: the trace says which.
     */
    private void resumeParallel(Action.Parallel parallel, List<Step> prefix, int index, List<Waiting> waiting,
                                int depth, Runnable next) {
        RunPosition.ParallelFrame frame = new RunPosition.ParallelFrame(parallel.branches().size());
        Map<Integer, List<Waiting>> byBranch = new java.util.TreeMap<>();
        for (Waiting w : waiting) {
            Step step = w.path().get(depth);
            frame.done.addAll(step.doneBranches());
            byBranch.computeIfAbsent(step.branch(), b -> new ArrayList<>()).add(w);
        }
        List<Integer> lost = new ArrayList<>();
        for (int branch = 0; branch < parallel.branches().size(); branch++) {
            if (!frame.done.contains(branch) && !byBranch.containsKey(branch)) {
                lost.add(branch);
            }
        }
        String resumed = byBranch.keySet().stream().map(b -> Integer.toString(b + 1)).collect(java.util.stream.Collectors.joining(", "));
        String result = "resumed branch " + resumed + " of " + parallel.branches().size();
        if (!lost.isEmpty()) {
            result += "; NOT resumed: branch " + lost.stream().map(b -> Integer.toString(b + 1))
                    .collect(java.util.stream.Collectors.joining(", "))
                    + " (at a step the journal does not keep, e.g. a command awaiting its reply, when the engine"
                    + " stopped: it is not run again)";
            // Counted as done: the next journal write must not report them again.
            frame.done.addAll(lost);
        }
        trace.step(TraceStep.Kind.TIMER, "parallel", result);
        int[] left = {byBranch.size()};
        byBranch.forEach((branch, inBranch) -> resumeList(List.of(parallel.branches().get(branch)),
                RunPosition.append(prefix, Step.branch(index, branch, frame)), inBranch, depth + 1,
                () -> branchDone(frame, branch, left, next)));
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

    /** Runs {@code actions} from {@code index}; {@code prefix} is where the list sits in the action tree. */
    private void runList(List<Action> actions, int index, List<Step> prefix, Runnable next) {
        if (!active()) {
            return;
        }
        if (index == actions.size()) {
            next.run();
            return;
        }
        Action action = actions.get(index);
        Runnable after = () -> runList(actions, index + 1, prefix, next);
        List<Step> here = RunPosition.append(prefix, Step.at(index));
        if (action instanceof Action.Command command) {
            ports.command(command, after);
        } else if (action instanceof Action.Desired desired) {
            ports.desired(desired, after);
        } else if (action instanceof Action.Delay delay) {
            delay(delay.duration(), here, context.clock().instant().plus(delay.duration()), after);
        } else if (action instanceof Action.WaitFor waitFor) {
            waitFor(waitFor, here, waitFor.timeout().map(limit -> context.clock().instant().plus(limit)).orElse(null), after);
        } else if (action instanceof Action.Choose choose) {
            choose(choose, prefix, index, after);
        } else if (action instanceof Action.Repeat repeat) {
            repeat(repeat, prefix, index, 0, after);
        } else if (action instanceof Action.Parallel parallel) {
            parallel(parallel, prefix, index, after);
        } else if (action instanceof Action.Sequence sequence) {
            runList(sequence.actions(), 0, here, after);
        } else if (action instanceof Action.Notify notify) {
            ports.notify(notify, after);
        } else if (action instanceof Action.SetEnabled setEnabled) {
            setEnabled(setEnabled, after);
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
     * Every delay and wait_for deadline goes to the journal with the run's place in the action tree,
     * so that the run goes on after a restart; returns its journal id. The entry is kept in
     * {@link #live} too: it is written again when a sibling parallel branch finishes, so that the
     * journal always says which branches are still going.
     */
    private String journal(String kind, List<Step> path, Instant due) {
        if (dryRun) {
            // The journal outlives the run (its variables, its place): a resumed entry would also run
            // for real, as a run on request's dryness is not a rule's setting. A dry wait stays in memory.
            trace.step(TraceStep.Kind.TIMER, kind + " until " + due, "would have kept it in the timer journal"
                    + " (dry run: this wait does not survive a restart)");
            return null;
        }
        // Top-level ids as before; nested ones carry the path, as a parallel may wait in several places.
        String journalId = trace.runId() + "." + kind + (path.size() == 1 ? "" : "." + RunPosition.text(path));
        java.util.function.Supplier<TimerJournal.Entry> entry = () -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("index", path.get(0).index()); // what journals before nested timers read
            data.set("path", RunPosition.toJson(path));
            data.put("run", trace.runId());
            data.put("actions", ActiveRules.fingerprint(runtime.rule()));
            data.put("description", trace.fired().description());
            data.set("values", trace.fired().values());
            data.put("causation", trace.fired().causation().id());
            data.put("depth", trace.fired().causation().depth());
            data.set("vars", Values.toJson(vars));
            return new TimerJournal.Entry(journalId, runtime.rule().id(), kind, due, data);
        };
        live.put(journalId, entry);
        context.timers().put(entry.get());
        return journalId;
    }

    /** A parallel branch finished: the run's other pending entries say so from now on. */
    private void rejournal() {
        if (!finished) {
            live.values().forEach(entry -> context.timers().put(entry.get()));
        }
    }

    private void forget(String journalId) {
        if (journalId != null && live.remove(journalId) != null && !keepJournal) {
            context.timers().remove(journalId);
        }
    }

    void delay(Duration duration, List<Step> path, Instant due, Runnable next) {
        String journalId = journal("delay", path, due);
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

    private void waitFor(Action.WaitFor waitFor, List<Step> path, Instant due, Runnable next) {
        Instant begun = context.clock().instant();
        // Without a timeout there is no deadline to keep: such a wait does not survive a restart.
        String journalId = due == null ? null : journal("wait_for", path, due);
        boolean[] done = {false};
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        Runnable stopWaiting = runtime.owner().addWaiter(waitFor.triggers(), fired -> {
            if (done[0] || !active()) {
                return;
            }
            done[0] = true;
            cancel(timeout[0]);
            forget(journalId);
            vars.put("wait", waitResult(fired, due));
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
            vars.put("wait", waitResult(null, due));
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

    /**
     * {@code vars.wait} after a wait_for, whether it completed or timed out (as Home Assistant's
     * {@code wait}): {@code completed}, {@code trigger} (the trigger's values, null after a timeout),
     * {@code remaining} (seconds of the timeout left, null without a timeout) and, as before, the
     * fired trigger's values themselves ({@code vars.wait.to}).
     */
    private Object waitResult(Fired fired, Instant due) {
        ObjectNode wait = fired == null ? JsonNodeFactory.instance.objectNode() : fired.values().deepCopy();
        wait.put("completed", fired != null);
        wait.set("trigger", fired == null ? JsonNodeFactory.instance.nullNode() : fired.values().deepCopy());
        if (due == null) {
            wait.putNull("remaining");
        } else {
            Duration left = Duration.between(context.clock().instant(), due);
            wait.put("remaining", fired == null || left.isNegative() ? 0.0 : left.toMillis() / 1000.0);
        }
        return Values.fromJson(wait);
    }

    private void choose(Action.Choose choose, List<Step> prefix, int index, Runnable next) {
        for (int branch = 0; branch < choose.branches().size(); branch++) {
            Action.Branch taken = choose.branches().get(branch);
            if (runtime.conditions().firstUnmet(taken.conditions(), variables, trace).isEmpty()) {
                trace.step(TraceStep.Kind.ACTION, "choose", "branch " + (branch + 1));
                runList(taken.actions(), 0, RunPosition.append(prefix, Step.chose(index, branch)), next);
                return;
            }
        }
        trace.step(TraceStep.Kind.ACTION, "choose", choose.otherwise().isEmpty() ? "no branch holds; no default" : "default");
        runList(choose.otherwise(), 0, RunPosition.append(prefix, Step.chose(index, RunPosition.DEFAULT_BRANCH)), next);
    }

    private void repeat(Action.Repeat repeat, List<Step> prefix, int index, int pass, Runnable next) {
        if (!active()) {
            return;
        }
        if (pass >= Action.Repeat.MAX_PASSES) {
            finish(RunOutcome.FAILED, repeat + " stopped after " + Action.Repeat.MAX_PASSES + " passes");
            return;
        }
        // Before the while check: it may read the index of the pass it admits (1 on the first), as in Home Assistant.
        vars.put("repeat", Map.of("index", (long) pass + 1));
        boolean countDone = repeat.count().isPresent() && pass >= repeat.count().getAsInt();
        boolean whileEnds = !repeat.whileAll().isEmpty()
                && runtime.conditions().firstUnmet(repeat.whileAll(), variables, null).isPresent();
        if (countDone || whileEnds) {
            trace.step(TraceStep.Kind.ACTION, repeat.toString(), pass + " passes");
            next.run();
            return;
        }
        runList(repeat.actions(), 0, RunPosition.append(prefix, Step.pass(index, pass)),
                () -> afterPass(repeat, prefix, index, pass, next));
    }

    /** The end of a pass: {@code until} may end the loop, else the next pass. */
    private void afterPass(Action.Repeat repeat, List<Step> prefix, int index, int pass, Runnable next) {
        if (!repeat.untilAll().isEmpty()
                && runtime.conditions().firstUnmet(repeat.untilAll(), variables, null).isEmpty()) {
            trace.step(TraceStep.Kind.ACTION, repeat.toString(), (pass + 1) + " passes");
            next.run();
            return;
        }
        // Through the scheduler: a long loop of quick actions must not grow the stack.
        context.execute(() -> repeat(repeat, prefix, index, pass + 1, next));
    }

    private void parallel(Action.Parallel parallel, List<Step> prefix, int index, Runnable next) {
        int[] left = {parallel.branches().size()};
        if (left[0] == 0) {
            next.run();
            return;
        }
        RunPosition.ParallelFrame frame = new RunPosition.ParallelFrame(parallel.branches().size());
        for (int branch = 0; branch < parallel.branches().size(); branch++) {
            int which = branch;
            runList(List.of(parallel.branches().get(branch)), 0, RunPosition.append(prefix, Step.branch(index, branch, frame)),
                    () -> branchDone(frame, which, left, next));
        }
    }

    private void branchDone(RunPosition.ParallelFrame frame, int branch, int[] left, Runnable next) {
        frame.done.add(branch);
        if (--left[0] == 0) {
            next.run();
        } else {
            rejournal();
        }
    }

    /** Enabling or disabling a rule changes the engine beyond this run: a dry run only says what it would do. */
    private void setEnabled(Action.SetEnabled action, Runnable next) {
        String ruleId = action.ruleId();
        if (runtime.owner().isEnabled(ruleId).isEmpty()) {
            trace.step(TraceStep.Kind.ACTION, action.toString(), "no such rule");
        } else if (dryRun) {
            trace.step(TraceStep.Kind.ACTION, action.toString(), "would have " + (action.enabled() ? "enabled" : "disabled")
                    + " rule '" + ruleId + "' (dry run)");
        } else {
            runtime.owner().setEnabled(ruleId, action.enabled());
            trace.step(TraceStep.Kind.ACTION, action.toString(), "done");
        }
        next.run();
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
