package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule set at work: its rules' runtimes, the trigger watchers indexed by device, the time
 * triggers' timers and the runs waiting for a trigger ({@code wait_for}). Used on the scheduler
 * thread only, except {@link #retire}, which may come from any thread.
 */
public final class ActiveRules {
    private static final Logger log = LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");

    private final RuleSet ruleSet;
    private final EngineContext context;
    private final Map<String, RuleRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, List<TriggerWatcher>> byDevice = new HashMap<>();
    private final List<TriggerWatcher> telemetry = new ArrayList<>();
    private final List<TriggerWatcher> all = new ArrayList<>();
    private final List<TimeTriggerWatcher> timed = new ArrayList<>();
    private final List<RuleRuntime> onStart = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile boolean retired;
    private volatile String retiredBecause = "";

    private record Waiter(List<Trigger> triggers, Consumer<Fired> callback) {
    }

    public ActiveRules(RuleSet ruleSet, EngineContext context) {
        this.ruleSet = ruleSet;
        this.context = context;
        for (Rule rule : ruleSet.rules()) {
            RuleRuntime runtime = new RuleRuntime(rule, this, context);
            runtimes.put(rule.id(), runtime);
            for (int index = 0; index < rule.triggers().size(); index++) {
                index(rule.triggers().get(index), index, runtime);
            }
        }
    }

    private void index(Trigger trigger, int index, RuleRuntime runtime) {
        if (trigger instanceof Trigger.At || trigger instanceof Trigger.Cron || trigger instanceof Trigger.Sun) {
            timed.add(new TimeTriggerWatcher(trigger, runtime, context));
            if (trigger instanceof Trigger.Sun && context.settings().location().isEmpty()) {
                log.warn("rule '{}' has a sun trigger but the engine has no location: it will not fire",
                        runtime.rule().id());
            }
            return;
        }
        if (trigger instanceof Trigger.Started) {
            onStart.add(runtime);
            return;
        }
        TriggerWatcher watcher = new TriggerWatcher(trigger, index, runtime, context);
        all.add(watcher);
        if (trigger instanceof Trigger.Telemetry) {
            telemetry.add(watcher);
        } else {
            byDevice.computeIfAbsent(deviceOf(trigger), key -> new ArrayList<>()).add(watcher);
        }
    }

    private static String deviceOf(Trigger trigger) {
        if (trigger instanceof Trigger.State state) {
            return state.attribute().deviceId();
        }
        if (trigger instanceof Trigger.Numeric numeric) {
            return numeric.attribute().deviceId();
        }
        if (trigger instanceof Trigger.DeviceState device) {
            return device.deviceId();
        }
        return ((Trigger.Availability) trigger).deviceId();
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    boolean isRetired() {
        return retired;
    }

    /** Why this set was retired: the engine closed, or the rules were replaced. */
    String retiredBecause() {
        return retiredBecause;
    }

    /**
     * Arms the time triggers and restores the journal's deadlines; with {@code started}, fires the
     * rules that trigger on the hub's start.
     */
    public void activate(boolean fireStarted) {
        activate(fireStarted, false);
    }

    /**
     * As {@link #activate(boolean)}; with {@code catchUp} (the engine's first start with rules), each
     * time trigger whose moment passed since the journal's last-alive time follows the rule's
     * {@code missed:} policy.
     */
    public void activate(boolean fireStarted, boolean catchUp) {
        if (retired) {
            return;
        }
        timed.forEach(TimeTriggerWatcher::start);
        restoreTimers();
        if (catchUp) {
            Optional<Instant> lastAlive = context.timers().lastAlive();
            if (lastAlive.isEmpty() && !timed.isEmpty()) {
                log.info("the timer journal has no last-alive time (a first start, or an older journal):"
                        + " time triggers missed while stopped are not caught up");
            }
            lastAlive.ifPresent(at -> timed.forEach(watcher -> watcher.catchUp(at)));
        }
        if (ruleSet.size() > 0) {
            context.timers().alive(context.clock().instant());
        }
        if (fireStarted) {
            for (RuleRuntime runtime : onStart) {
                runtime.trigger(new Fired("hub started", TriggerMatch.values("started", null),
                        dev.hearth.rules.Causation.EXTERNAL));
            }
        }
    }

    private void restoreTimers() {
        // The entries of one run (several only inside a parallel) are resumed together, as one run.
        Map<String, List<TimerJournal.Entry>> runs = new LinkedHashMap<>();
        for (TimerJournal.Entry entry : context.timers().all()) {
            RuleRuntime runtime = runtimes.get(entry.ruleId());
            if (runtime == null) {
                if (ruleSet.size() > 0) {
                    log.info("dropping timer {}: rule '{}' is no longer loaded", entry.id(), entry.ruleId());
                    context.timers().remove(entry.id());
                }
                // Else kept: no rules are loaded yet (a start before the first load, or a load that failed).
                continue;
            }
            if (entry.kind().equals("for")) {
                all.stream().filter(watcher -> watcher.journalId().equals(entry.id())).findFirst()
                        .ifPresentOrElse(watcher -> watcher.restore(entry), () -> context.timers().remove(entry.id()));
            } else if (entry.kind().equals("delay") || entry.kind().equals("wait_for")) {
                // Entries written before nested timers were journaled have no run id: each is its own run.
                runs.computeIfAbsent(entry.data().path("run").asText(entry.id()), run -> new ArrayList<>()).add(entry);
            } else {
                context.timers().remove(entry.id());
            }
        }
        runs.values().forEach(entries -> restoreRun(runtimes.get(entries.get(0).ruleId()), entries));
    }

    /**
     * A run stopped at a delay or wait_for, at any depth of its action tree: it goes on where it
     * was, with its variables. If a deadline (the earliest, when a parallel waited in several
     * branches) passed while the engine was stopped, the rule's missed policy decides for the run.
     */
    private void restoreRun(RuleRuntime runtime, List<TimerJournal.Entry> entries) {
        entries.forEach(entry -> context.timers().remove(entry.id()));
        TimerJournal.Entry first = entries.get(0); // the earliest deadline: all() is sorted
        ObjectNode data = first.data();
        if (!data.path("actions").asText().equals(fingerprint(runtime.rule()))) {
            log.info("dropping timer {}: rule '{}' changed since it was set", first.id(), first.ruleId());
            return;
        }
        Instant now = context.clock().instant();
        List<RuleRun.Waiting> waiting = new ArrayList<>();
        for (TimerJournal.Entry entry : entries) {
            try {
                waiting.add(new RuleRun.Waiting(RunPosition.fromEntry(entry.data()), entry.due(), !entry.due().isAfter(now)));
            } catch (RuntimeException e) {
                log.warn("dropping timer {} of rule '{}': unreadable position: {}", entry.id(), entry.ruleId(), e.getMessage());
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        Fired fired = TriggerWatcher.firedOf(data);
        if (!first.due().isAfter(now)) {
            String what = first.kind() + (waiting.get(0).path().size() > 1
                    ? " (nested, at action " + RunPosition.text(waiting.get(0).path()) + ")" : "");
            runtime.missed(fired, what, first.due(), choice -> resumeRun(runtime, fired.withDescription(
                    fired.description() + "; " + choice), data, waiting));
            return;
        }
        resumeRun(runtime, fired.withDescription(fired.description() + "; resumed from the timer journal"), data, waiting);
    }

    private void resumeRun(RuleRuntime runtime, Fired fired, ObjectNode data, List<RuleRun.Waiting> waiting) {
        RuleRun run = new RuleRun(runtime, runtime.newTrace(fired), "");
        run.restoreVariables(data.get("vars"));
        runtime.resume(run, resumed -> resumed.resume(waiting));
    }

    /** What a journaled run's position means: the rule's actions as written. */
    static String fingerprint(Rule rule) {
        return Integer.toHexString(rule.actions().toString().hashCode());
    }

    public void onEvent(Event event) {
        if (retired) {
            return;
        }
        if (event instanceof Event.State state && !state.change().isChange()) {
            return;
        }
        List<TriggerWatcher> interested = event instanceof Event.Telemetry ? telemetry
                : byDevice.getOrDefault(event.deviceId(), List.of());
        for (TriggerWatcher watcher : List.copyOf(interested)) {
            watcher.onEvent(event);
        }
        for (Waiter waiter : List.copyOf(waiters)) {
            for (Trigger trigger : waiter.triggers()) {
                Optional<Fired> fired = TriggerMatch.match(trigger, event);
                if (fired.isPresent() && waiters.remove(waiter)) {
                    waiter.callback().accept(fired.get());
                    break;
                }
            }
        }
    }

    /** Calls back once when one of the triggers fires; the returned action stops waiting. */
    Runnable addWaiter(List<Trigger> triggers, Consumer<Fired> callback) {
        Waiter waiter = new Waiter(triggers, callback);
        waiters.add(waiter);
        return () -> waiters.remove(waiter);
    }

    /** False when there is no such rule. */
    public boolean setEnabled(String ruleId, boolean enabled) {
        RuleRuntime runtime = runtimes.get(ruleId);
        if (runtime == null) {
            return false;
        }
        runtime.setEnabled(enabled);
        log.info("rule '{}' {}", ruleId, enabled ? "enabled" : "disabled");
        return true;
    }

    /** False when there is no such rule. */
    public boolean runNow(String ruleId, boolean dryRun) {
        RuleRuntime runtime = runtimes.get(ruleId);
        if (runtime == null) {
            return false;
        }
        runtime.runNow(new Fired(dryRun ? "dry run on request" : "run on request", TriggerMatch.values("manual", null),
                dev.hearth.rules.Causation.EXTERNAL), dryRun);
        return true;
    }

    public Optional<Boolean> isEnabled(String ruleId) {
        return Optional.ofNullable(runtimes.get(ruleId)).map(RuleRuntime::isEnabled);
    }

    /**
     * Stops at once every timer and run of this set (they check the flag), then clears them up on
     * the scheduler thread, which owns them. Pending deadlines stay in the journal, for the next
     * set or the next start to take up.
     */
    public void retire(String why) {
        retiredBecause = why;
        retired = true;
        context.execute(() -> {
            all.forEach(TriggerWatcher::suspend);
            timed.forEach(TimeTriggerWatcher::cancel);
            waiters.clear();
            runtimes.values().forEach(runtime -> runtime.cancelRuns(why, true));
        });
    }
}
