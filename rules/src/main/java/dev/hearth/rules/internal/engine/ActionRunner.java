package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.engine.RunPosition.Step;
import dev.hearth.rules.CelValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a rule's action lists: one step method per kind of action, as Home Assistant's script helper
 * has one {@code _async_<action>_step} each, chosen by the {@link Action.Visitor} so that a new kind
 * does not compile until it has a step. {@link #runList} is what goes around every step: it stops a run
 * that ended and says where in the action tree the step is. The steps that reach the world are
 * {@link PortSteps}, those that wait are {@link WaitSteps}; the ones that hold actions are here.
 */
final class ActionRunner {
    private final RuleRun run;
    private final EngineContext context;
    private final PortSteps ports;
    private final WaitSteps waits;

    ActionRunner(RuleRun run, EngineContext context, RunJournal journal) {
        this.run = run;
        this.context = context;
        this.ports = new PortSteps(run, context);
        this.waits = new WaitSteps(run, context, journal);
    }

    WaitSteps waits() {
        return waits;
    }

    /** Runs {@code actions} from {@code index}; {@code prefix} is where the list sits in the action tree. */
    void runList(List<Action> actions, int index, List<Step> prefix, Runnable next) {
        if (!run.active()) {
            return;
        }
        if (index == actions.size()) {
            next.run();
            return;
        }
        actions.get(index).accept(new StepAt(prefix, index, () -> runList(actions, index + 1, prefix, next)));
    }

    /** The step of the action at {@code index} of the list at {@code prefix}; {@code next} runs the rest of the list. */
    private final class StepAt implements Action.Visitor<Void> {
        private final List<Step> prefix;
        private final int index;
        private final Runnable next;

        StepAt(List<Step> prefix, int index, Runnable next) {
            this.prefix = prefix;
            this.index = index;
            this.next = next;
        }

        private List<Step> here() {
            return RunPosition.append(prefix, Step.at(index));
        }

        @Override
        public Void command(Action.Command action) {
            ports.command(action, next);
            return null;
        }

        @Override
        public Void desired(Action.Desired action) {
            ports.desired(action, next);
            return null;
        }

        @Override
        public Void delay(Action.Delay action) {
            waits.delay(action.duration(), here(), context.clock().instant().plus(action.duration()), next);
            return null;
        }

        @Override
        public Void waitFor(Action.WaitFor action) {
            waits.waitFor(action, here(), action.timeout().map(limit -> context.clock().instant().plus(limit)).orElse(null),
                    next);
            return null;
        }

        @Override
        public Void choose(Action.Choose action) {
            ActionRunner.this.choose(action, prefix, index, next);
            return null;
        }

        @Override
        public Void repeat(Action.Repeat action) {
            ActionRunner.this.repeat(action, prefix, index, 0, next);
            return null;
        }

        @Override
        public Void parallel(Action.Parallel action) {
            ActionRunner.this.parallel(action, prefix, index, next);
            return null;
        }

        @Override
        public Void sequence(Action.Sequence action) {
            runList(action.actions(), 0, here(), next);
            return null;
        }

        @Override
        public Void notify(Action.Notify action) {
            ports.notify(action, next);
            return null;
        }

        @Override
        public Void setEnabled(Action.SetEnabled action) {
            ActionRunner.this.setEnabled(action, next);
            return null;
        }

        @Override
        public Void variables(Action.Variables action) {
            setVariables(action, next);
            return null;
        }
    }

    private void choose(Action.Choose choose, List<Step> prefix, int index, Runnable next) {
        RunTrace trace = run.trace();
        for (int branch = 0; branch < choose.branches().size(); branch++) {
            Action.Branch taken = choose.branches().get(branch);
            if (run.runtime().conditions().firstUnmet(taken.conditions(), run.variables(), trace).isEmpty()) {
                trace.step(TraceStep.Kind.ACTION, "choose", "branch " + (branch + 1));
                runList(taken.actions(), 0, RunPosition.append(prefix, Step.chose(index, branch)), next);
                return;
            }
        }
        trace.step(TraceStep.Kind.ACTION, "choose", choose.otherwise().isEmpty() ? "no branch holds; no default" : "default");
        runList(choose.otherwise(), 0, RunPosition.append(prefix, Step.chose(index, RunPosition.DEFAULT_BRANCH)), next);
    }

    private void repeat(Action.Repeat repeat, List<Step> prefix, int index, int pass, Runnable next) {
        if (!run.active()) {
            return;
        }
        if (pass >= Action.Repeat.MAX_PASSES) {
            run.finish(RunOutcome.FAILED, repeat + " stopped after " + Action.Repeat.MAX_PASSES + " passes");
            return;
        }
        // Before the while check: it may read the index of the pass it admits (1 on the first), as in Home Assistant.
        run.setVariable("repeat", Map.of("index", (long) pass + 1));
        boolean countDone = repeat.count().isPresent() && pass >= repeat.count().getAsInt();
        boolean whileEnds = !repeat.whileAll().isEmpty()
                && run.runtime().conditions().firstUnmet(repeat.whileAll(), run.variables(), null).isPresent();
        if (countDone || whileEnds) {
            run.trace().step(TraceStep.Kind.ACTION, repeat.toString(), pass + " passes");
            next.run();
            return;
        }
        runList(repeat.actions(), 0, RunPosition.append(prefix, Step.pass(index, pass)),
                () -> afterPass(repeat, prefix, index, pass, next));
    }

    /** The end of a pass: {@code until} may end the loop, else the next pass. */
    void afterPass(Action.Repeat repeat, List<Step> prefix, int index, int pass, Runnable next) {
        if (!repeat.untilAll().isEmpty()
                && run.runtime().conditions().firstUnmet(repeat.untilAll(), run.variables(), null).isEmpty()) {
            run.trace().step(TraceStep.Kind.ACTION, repeat.toString(), (pass + 1) + " passes");
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

    void branchDone(RunPosition.ParallelFrame frame, int branch, int[] left, Runnable next) {
        frame.done.add(branch);
        if (--left[0] == 0) {
            next.run();
        } else {
            run.journal().rewrite();
        }
    }

    /** Enabling or disabling a rule changes the engine beyond this run: a dry run only says what it would do. */
    private void setEnabled(Action.SetEnabled action, Runnable next) {
        String ruleId = action.ruleId();
        ActiveRules owner = run.runtime().owner();
        if (owner.isEnabled(ruleId).isEmpty()) {
            run.trace().step(TraceStep.Kind.ACTION, action.toString(), "no such rule");
        } else if (run.dryRun()) {
            run.trace().step(TraceStep.Kind.ACTION, action.toString(), "would have " + (action.enabled() ? "enabled" : "disabled")
                    + " rule '" + ruleId + "' (dry run)");
        } else {
            owner.setEnabled(ruleId, action.enabled());
            run.trace().step(TraceStep.Kind.ACTION, action.toString(), "done");
        }
        next.run();
    }

    private void setVariables(Action.Variables action, Runnable next) {
        Optional<JsonNode> values = run.render(action.values(), "variables");
        if (values.isEmpty()) {
            return;
        }
        values.get().properties().forEach(entry -> run.setVariable(entry.getKey(), CelValues.fromJson(entry.getValue())));
        run.trace().step(TraceStep.Kind.ACTION, "variables", "set " + values.get());
        next.run();
    }
}
