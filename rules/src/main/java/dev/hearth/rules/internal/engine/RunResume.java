package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Action;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.engine.RunPosition.Step;
import dev.hearth.rules.yaml.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run taken up from the timer journal: goes back down the action tree along the journaled
 * path(s) and waits again at each leaf until the same deadline (or goes on at once past an overdue
 * one); the actions after each level then run as usual. Several entries of one run only happen
 * inside a parallel.
 */
final class RunResume {
    /**
     * A delay or wait_for of the run found in the journal: where it was, its deadline, and whether
     * that deadline passed while the engine was stopped (the missed policy already said to go on).
     */
    record Waiting(List<Step> path, Instant due, boolean overdue) {
    }

    private final RuleRun run;
    private final ActionRunner runner;
    private final RunTrace trace;

    RunResume(RuleRun run, ActionRunner runner) {
        this.run = run;
        this.runner = runner;
        this.trace = run.trace();
    }

    void resume(List<Waiting> waiting) {
        try {
            resumeList(run.runtime().rule().actions(), List.of(), waiting, 0, run::completed);
        } catch (RuntimeException e) {
            // The fingerprint check makes this unlikely; a hand-edited or corrupt journal is not.
            String why = "could not resume from the timer journal: " + e.getMessage();
            trace.step(TraceStep.Kind.TIMER, "resume", why);
            run.finish(RunOutcome.FAILED, why);
        }
    }

    private void resumeList(List<Action> actions, List<Step> prefix, List<Waiting> waiting, int depth, Runnable next) {
        if (!run.active()) {
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
        Runnable after = () -> runner.runList(actions, index + 1, prefix, next);
        if (depth == here.get(0).path().size() - 1) {
            action.accept(new Leaf(RunPosition.append(prefix, Step.at(index)), here.get(0), after));
        } else {
            action.accept(new Into(prefix, step, here, depth, after));
        }
    }

    /** Down one level of the action tree, into the action that holds the journaled step. */
    private final class Into implements Action.Visitor<Void> {
        private final List<Step> prefix;
        private final Step step;
        private final List<Waiting> waiting;
        private final int depth;
        private final Runnable after;

        Into(List<Step> prefix, Step step, List<Waiting> waiting, int depth, Runnable after) {
            this.prefix = prefix;
            this.step = step;
            this.waiting = waiting;
            this.depth = depth;
            this.after = after;
        }

        @Override
        public Void sequence(Action.Sequence action) {
            resumeList(action.actions(), RunPosition.append(prefix, Step.at(step.index())), waiting, depth + 1, after);
            return null;
        }

        @Override
        public Void choose(Action.Choose action) {
            int branch = step.branch();
            // Not evaluated again: the branch was taken before the restart, the state may have moved since.
            List<Action> chosen = branch == RunPosition.DEFAULT_BRANCH ? action.otherwise()
                    : action.branches().get(branch).actions();
            trace.step(TraceStep.Kind.ACTION, "choose", (branch == RunPosition.DEFAULT_BRANCH ? "default"
                    : "branch " + (branch + 1)) + " (taken before the restart)");
            resumeList(chosen, RunPosition.append(prefix, Step.chose(step.index(), branch)), waiting, depth + 1, after);
            return null;
        }

        @Override
        public Void repeat(Action.Repeat action) {
            int pass = step.pass();
            if (pass < 0) {
                throw new IllegalArgumentException("a repeat step without its pass");
            }
            int index = step.index();
            run.setVariable("repeat", Map.of("index", (long) pass + 1));
            resumeList(action.actions(), RunPosition.append(prefix, Step.pass(index, pass)), waiting, depth + 1,
                    () -> runner.afterPass(action, prefix, index, pass, after));
            return null;
        }

        @Override
        public Void parallel(Action.Parallel action) {
            resumeParallel(action, prefix, step.index(), waiting, depth, after);
            return null;
        }

        private Void holdsNone(Action action) {
            throw new IllegalArgumentException("action " + RunPosition.text(RunPosition.append(prefix, step))
                    + " holds no actions: " + action);
        }

        @Override
        public Void command(Action.Command action) {
            return holdsNone(action);
        }

        @Override
        public Void desired(Action.Desired action) {
            return holdsNone(action);
        }

        @Override
        public Void delay(Action.Delay action) {
            return holdsNone(action);
        }

        @Override
        public Void waitFor(Action.WaitFor action) {
            return holdsNone(action);
        }

        @Override
        public Void notify(Action.Notify action) {
            return holdsNone(action);
        }

        @Override
        public Void setEnabled(Action.SetEnabled action) {
            return holdsNone(action);
        }

        @Override
        public Void variables(Action.Variables action) {
            return holdsNone(action);
        }
    }

    /** The journaled step itself: a delay or wait_for waits again, or goes on past an overdue deadline. */
    private final class Leaf implements Action.Visitor<Void> {
        private final List<Step> path;
        private final Waiting waiting;
        private final Runnable after;

        Leaf(List<Step> path, Waiting waiting, Runnable after) {
            this.path = path;
            this.waiting = waiting;
            this.after = after;
        }

        @Override
        public Void delay(Action.Delay action) {
            if (!waiting.overdue()) {
                runner.waits().delay(action.duration(), path, waiting.due(), after);
                return null;
            }
            trace.step(TraceStep.Kind.TIMER, "delay " + Durations.format(action.duration()),
                    "deadline " + waiting.due() + " passed while the engine was stopped; going on");
            after.run();
            return null;
        }

        @Override
        public Void waitFor(Action.WaitFor action) {
            if (!waiting.overdue()) {
                runner.waits().waitFor(action, path, waiting.due(), after);
                return null;
            }
            run.setVariable("wait", runner.waits().waitResult(null, waiting.due()));
            String why = "wait_for timed out while the engine was stopped";
            trace.step(TraceStep.Kind.TIMER, action.toString(), why + (action.continueOnTimeout() ? "; continuing" : ""));
            if (action.continueOnTimeout()) {
                after.run();
            } else {
                run.finish(RunOutcome.FAILED, why);
            }
            return null;
        }

        private Void notJournaled(Action action) {
            throw new IllegalArgumentException("action " + RunPosition.text(path) + " is no delay or wait_for: " + action);
        }

        @Override
        public Void command(Action.Command action) {
            return notJournaled(action);
        }

        @Override
        public Void desired(Action.Desired action) {
            return notJournaled(action);
        }

        @Override
        public Void choose(Action.Choose action) {
            return notJournaled(action);
        }

        @Override
        public Void repeat(Action.Repeat action) {
            return notJournaled(action);
        }

        @Override
        public Void parallel(Action.Parallel action) {
            return notJournaled(action);
        }

        @Override
        public Void sequence(Action.Sequence action) {
            return notJournaled(action);
        }

        @Override
        public Void notify(Action.Notify action) {
            return notJournaled(action);
        }

        @Override
        public Void setEnabled(Action.SetEnabled action) {
            return notJournaled(action);
        }

        @Override
        public Void variables(Action.Variables action) {
            return notJournaled(action);
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
        Map<Integer, List<Waiting>> byBranch = new TreeMap<>();
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
        String resumed = byBranch.keySet().stream().map(b -> Integer.toString(b + 1)).collect(Collectors.joining(", "));
        String result = "resumed branch " + resumed + " of " + parallel.branches().size();
        if (!lost.isEmpty()) {
            result += "; NOT resumed: branch " + lost.stream().map(b -> Integer.toString(b + 1))
                    .collect(Collectors.joining(", "))
                    + " (at a step the journal does not keep, e.g. a command awaiting its reply, when the engine"
                    + " stopped: it is not run again)";
            // Counted as done: the next journal write must not report them again.
            frame.done.addAll(lost);
        }
        trace.step(TraceStep.Kind.TIMER, "parallel", result);
        int[] left = {byBranch.size()};
        byBranch.forEach((branch, inBranch) -> resumeList(List.of(parallel.branches().get(branch)),
                RunPosition.append(prefix, Step.branch(index, branch, frame)), inBranch, depth + 1,
                () -> runner.branchDone(frame, branch, left, next)));
    }
}
