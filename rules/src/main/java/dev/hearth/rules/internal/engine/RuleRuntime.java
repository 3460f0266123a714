package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Causation;
import dev.hearth.rules.MissedPolicy;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.expr.ExpressionException;
import dev.hearth.rules.internal.expr.Expressions;
import dev.hearth.rules.internal.expr.StateMap;
import dev.hearth.rules.CelValues;
import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule at work: when triggered, applies loop protection, its conditions, the rate breaker and
 * its mode (per key), and starts runs. Used on the scheduler thread only.
 */
final class RuleRuntime {
    private static final Logger log = LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");

    private final Rule rule;
    private final ActiveRules owner;
    private final EngineContext context;
    private final ConditionCheck conditions;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Deque<Instant> recentRuns = new ArrayDeque<>();
    private volatile boolean enabled; // read by the API from other threads

    /** The runs of one key (all runs, without {@code key:}). */
    private static final class Lane {
        final List<RuleRun> running = new ArrayList<>();
        final Deque<RuleRun> queued = new ArrayDeque<>();
    }

    RuleRuntime(Rule rule, ActiveRules owner, EngineContext context) {
        this.rule = rule;
        this.owner = owner;
        this.context = context;
        this.conditions = new ConditionCheck(context);
        this.enabled = rule.options().enabled();
    }

    Rule rule() {
        return rule;
    }

    ActiveRules owner() {
        return owner;
    }

    EngineContext context() {
        return context;
    }

    ConditionCheck conditions() {
        return conditions;
    }

    boolean isRetired() {
        return owner.isRetired();
    }

    boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            recentRuns.clear();
        }
    }

    boolean dryRun() {
        return rule.options().dryRun() || context.settings().dryRun();
    }

    void trigger(Fired fired) {
        trigger(fired, false, false);
    }

    /** Runs the actions now, as if triggered, without checking the conditions (as a person asks for). */
    void runNow(Fired fired, boolean dryRunThisTime) {
        trigger(fired, true, dryRunThisTime);
    }

    private void trigger(Fired fired, boolean skipConditions, boolean dryRunThisTime) {
        if (owner.isRetired()) {
            return;
        }
        Causation causation = fired.causation().isExternal() ? new Causation(context.nextId("c"), 0) : fired.causation();
        Fired chained = new Fired(fired.description(), fired.values(), causation);
        RunTrace trace = new RunTrace(context.nextId("run"), rule.id(), chained, context);
        if (!enabled) {
            trace.step(TraceStep.Kind.MODE, "rule", "disabled: not run");
            trace.finish(RunOutcome.DROPPED, "the rule is disabled");
            return;
        }
        int limit = context.settings().maxDepth();
        if (causation.depth() >= limit) {
            String why = "causation chain " + causation.id() + " reached the depth limit " + limit
                    + " (rules triggering each other?): not run";
            trace.step(TraceStep.Kind.PROTECTION, "depth " + causation.depth(), why);
            trace.finish(RunOutcome.STOPPED, why);
            return;
        }
        Map<String, Object> variables = variables(chained, new LinkedHashMap<>());
        if (skipConditions) {
            trace.step(TraceStep.Kind.CONDITION, "conditions", "skipped: run on request");
        } else {
            Optional<String> unmet = conditions.firstUnmet(rule.conditions(), variables, trace);
            if (unmet.isPresent()) {
                trace.finish(RunOutcome.CONDITIONS_NOT_MET, unmet.get());
                return;
            }
        }
        Optional<String> key = key(variables, trace);
        if (key.isEmpty()) {
            return;
        }
        if (breakerTrips(trace)) {
            return;
        }
        admit(new RuleRun(this, trace, key.get(), dryRun() || dryRunThisTime), key.get());
    }

    Map<String, Object> variables(Fired fired, Map<String, Object> vars) {
        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = (Map<String, Object>) CelValues.fromJson(fired.values());
        return StateMap.variables(context.state(), trigger, vars);
    }

    private Optional<String> key(Map<String, Object> variables, RunTrace trace) {
        if (rule.options().key().isEmpty()) {
            return Optional.of("");
        }
        String expression = rule.options().key().get();
        try {
            String key = CelValues.toJson(Expressions.evaluate(expression, variables)).toString();
            trace.step(TraceStep.Kind.MODE, "key " + expression, key);
            return Optional.of(key);
        } catch (ExpressionException e) {
            trace.finish(RunOutcome.FAILED, "key " + expression + " failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** More than the allowed runs within the window: the rule is disabled, with one clear log line. */
    private boolean breakerTrips(RunTrace trace) {
        Instant now = context.clock().instant();
        Duration window = context.settings().breakerWindow();
        while (!recentRuns.isEmpty() && !recentRuns.peekFirst().isAfter(now.minus(window))) {
            recentRuns.pollFirst();
        }
        recentRuns.addLast(now);
        if (recentRuns.size() <= context.settings().breakerRuns()) {
            return false;
        }
        enabled = false;
        String why = "rate breaker tripped: more than " + context.settings().breakerRuns() + " runs within "
                + Durations.format(window) + "; the rule is disabled until re-enabled or reloaded";
        log.error("rule '{}' ({}): {}", rule.id(), rule.source(), why);
        trace.step(TraceStep.Kind.PROTECTION, "rate breaker", why);
        trace.finish(RunOutcome.STOPPED, why);
        return true;
    }

    private void admit(RuleRun run, String key) {
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        String per = key.isEmpty() ? "" : " for key " + key;
        int max = rule.options().max();
        switch (rule.mode()) {
            case SINGLE -> {
                if (lane.running.isEmpty()) {
                    start(lane, run);
                } else {
                    run.drop("a run is already in progress (mode single)" + per);
                }
            }
            case RESTART -> {
                if (!lane.running.isEmpty()) {
                    run.note("restarted the run in progress" + per);
                }
                for (RuleRun old : List.copyOf(lane.running)) {
                    old.cancel("restarted by a new trigger (mode restart)");
                }
                start(lane, run);
            }
            case QUEUED -> {
                if (lane.running.isEmpty()) {
                    start(lane, run);
                } else if (lane.queued.size() < max) {
                    run.note("queued behind the run in progress (" + (lane.queued.size() + 1) + " waiting)" + per);
                    lane.queued.add(run);
                } else {
                    run.drop(max + " runs already waiting (mode queued)" + per);
                }
            }
            case PARALLEL -> {
                if (lane.running.size() < max) {
                    start(lane, run);
                } else {
                    run.drop(max + " runs already in progress (mode parallel)" + per);
                }
            }
        }
        Lane current = lanes.get(key);
        if (current != null && current.running.isEmpty() && current.queued.isEmpty()) {
            lanes.remove(key);
        }
    }

    /** Looks the lane up again: cancelling a run may have removed the old one. */
    private void start(Lane ignored, RuleRun run) {
        lanes.computeIfAbsent(run.key(), k -> new Lane()).running.add(run);
        run.start();
    }

    /** A run restored from the journal goes on, whatever the mode: it was admitted before the restart. */
    void resume(RuleRun run, java.util.function.Consumer<RuleRun> how) {
        lanes.computeIfAbsent(run.key(), k -> new Lane()).running.add(run);
        how.accept(run);
    }

    RunTrace newTrace(Fired fired) {
        return new RunTrace(context.nextId("run"), rule.id(), fired, context);
    }

    void finished(RuleRun run) {
        Lane lane = lanes.get(run.key());
        if (lane == null) {
            return;
        }
        lane.running.remove(run);
        if (lane.running.isEmpty() && !lane.queued.isEmpty() && !owner.isRetired()) {
            start(lane, lane.queued.poll());
        }
        if (lane.running.isEmpty() && lane.queued.isEmpty()) {
            lanes.remove(run.key());
        }
    }

    /** Ends every run; with {@code keepJournal} (the engine closes) their deadlines stay for the next start. */
    void cancelRuns(String why, boolean keepJournal) {
        for (Lane lane : List.copyOf(lanes.values())) {
            List<RuleRun> waiting = List.copyOf(lane.queued);
            lane.queued.clear();
            waiting.forEach(run -> run.cancel("was waiting: " + why));
            for (RuleRun run : List.copyOf(lane.running)) {
                if (keepJournal) {
                    run.suspend(why);
                } else {
                    run.cancel(why);
                }
            }
        }
        lanes.clear();
    }

    /** A time trigger's moment passed while the engine was down and its missed policy skips it: traced. */
    void skippedWhileDown(Fired fired, String what, String choice) {
        log.info("rule '{}': {}", rule.id(), choice);
        RunTrace trace = new RunTrace(context.nextId("run"), rule.id(), fired, context);
        trace.step(TraceStep.Kind.TIMER, what, choice);
        trace.finish(RunOutcome.CANCELLED, choice);
    }

    /**
     * A deadline fell due while the engine was stopped: the rule's {@code missed} policy decides,
     * and the choice is traced either way.
     */
    void missed(Fired fired, String what, Instant due, java.util.function.Consumer<String> fire) {
        Duration late = Duration.between(due, context.clock().instant());
        MissedPolicy policy = rule.options().missed();
        String choice = what + " deadline " + due + " missed by " + Durations.format(late.withNanos(0))
                + " while stopped: " + (policy.fires(late) ? "fired late" : "skipped") + " (missed: " + policy + ")";
        log.info("rule '{}': {}", rule.id(), choice);
        if (policy.fires(late)) {
            fire.accept(choice);
        } else {
            RunTrace trace = new RunTrace(context.nextId("run"), rule.id(), fired, context);
            trace.step(TraceStep.Kind.TIMER, what, choice);
            trace.finish(RunOutcome.CANCELLED, choice);
        }
    }
}
