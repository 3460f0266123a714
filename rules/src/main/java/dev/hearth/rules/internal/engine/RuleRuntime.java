package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Rule;
import dev.hearth.rules.RunOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** One rule at work: checks its conditions when triggered and applies its mode to the runs. */
final class RuleRuntime {
    /** Runs waiting (mode queued) or in progress at once (mode parallel), as in Home Assistant. */
    static final int MAX_RUNS = 10;

    private final Rule rule;
    private final ActiveRules owner;
    private final EngineContext context;
    private final ConditionCheck conditions;
    private final List<RuleRun> running = new ArrayList<>();
    private final Deque<String> queued = new ArrayDeque<>();

    RuleRuntime(Rule rule, ActiveRules owner, EngineContext context) {
        this.rule = rule;
        this.owner = owner;
        this.context = context;
        this.conditions = new ConditionCheck(context);
    }

    Rule rule() {
        return rule;
    }

    boolean isRetired() {
        return owner.isRetired();
    }

    void trigger(String trigger) {
        if (owner.isRetired()) {
            return;
        }
        Optional<String> unmet = conditions.firstUnmet(rule.conditions());
        if (unmet.isPresent()) {
            report(trigger, RunOutcome.CONDITIONS_NOT_MET, unmet.get());
            return;
        }
        switch (rule.mode()) {
            case SINGLE -> {
                if (running.isEmpty()) {
                    start(trigger);
                } else {
                    report(trigger, RunOutcome.DROPPED, "a run is already in progress (mode single)");
                }
            }
            case RESTART -> {
                cancelRuns("restarted by a new trigger (mode restart)");
                start(trigger);
            }
            case QUEUED -> {
                if (running.isEmpty()) {
                    start(trigger);
                } else if (queued.size() < MAX_RUNS) {
                    queued.add(trigger);
                } else {
                    report(trigger, RunOutcome.DROPPED, MAX_RUNS + " runs already waiting (mode queued)");
                }
            }
            case PARALLEL -> {
                if (running.size() < MAX_RUNS) {
                    start(trigger);
                } else {
                    report(trigger, RunOutcome.DROPPED, MAX_RUNS + " runs already in progress (mode parallel)");
                }
            }
        }
    }

    void cancelRuns(String why) {
        while (!queued.isEmpty()) {
            report(queued.poll(), RunOutcome.CANCELLED, "was waiting: " + why);
        }
        for (RuleRun run : List.copyOf(running)) {
            run.cancel(why);
        }
    }

    void finished(RuleRun run) {
        running.remove(run);
        if (running.isEmpty() && !queued.isEmpty() && !owner.isRetired()) {
            start(queued.poll());
        }
    }

    void report(String trigger, RunOutcome outcome, String detail) {
        context.reporter().report(rule.id(), trigger, outcome, detail);
    }

    private void start(String trigger) {
        RuleRun run = new RuleRun(this, trigger, context);
        running.add(run);
        run.start();
    }
}
