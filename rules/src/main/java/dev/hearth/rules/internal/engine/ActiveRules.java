package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Action;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSet;
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
    private final boolean hearsTelemetry;
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
        hearsTelemetry = ruleSet.rules().stream().anyMatch(ActiveRules::usesTelemetry);
    }

    /**
     * Whether a telemetry event can matter to this set: a telemetry trigger in a rule's {@code when:}
     * or in one of its {@code wait_for} steps. Read on the device's thread, so that telemetry no rule
     * listens to is neither copied nor handed to the engine's thread.
     */
    public boolean hearsTelemetry() {
        return hearsTelemetry;
    }

    private static boolean usesTelemetry(Rule rule) {
        return rule.triggers().stream().anyMatch(ActiveRules::isTelemetry)
                || rule.allActions().stream().anyMatch(action -> action instanceof Action.WaitFor waitFor
                        && waitFor.triggers().stream().anyMatch(ActiveRules::isTelemetry));
    }

    private static boolean isTelemetry(Trigger trigger) {
        return trigger instanceof Trigger.Telemetry; // one kind asked about, not a dispatch on all of them
    }

    private void index(Trigger trigger, int index, RuleRuntime runtime) {
        trigger.accept(new Indexer(index, runtime));
    }

    /** Where each kind of trigger waits: a timer, the start, the telemetry list or its device's events. */
    private final class Indexer implements Trigger.Visitor<Void> {
        private final int index;
        private final RuleRuntime runtime;

        Indexer(int index, RuleRuntime runtime) {
            this.index = index;
            this.runtime = runtime;
        }

        @Override
        public Void state(Trigger.State trigger) {
            return onDeviceEvents(trigger);
        }

        @Override
        public Void deviceState(Trigger.DeviceState trigger) {
            return onDeviceEvents(trigger);
        }

        @Override
        public Void numeric(Trigger.Numeric trigger) {
            return onDeviceEvents(trigger);
        }

        @Override
        public Void availability(Trigger.Availability trigger) {
            return onDeviceEvents(trigger);
        }

        @Override
        public Void at(Trigger.At trigger) {
            return onMoments(trigger, TimeSchedule.at(trigger));
        }

        @Override
        public Void cron(Trigger.Cron trigger) {
            return onMoments(trigger, TimeSchedule.cron(trigger));
        }

        @Override
        public Void sun(Trigger.Sun trigger) {
            onMoments(trigger, TimeSchedule.sun(trigger, context.settings().location()));
            if (context.settings().location().isEmpty()) {
                log.warn("rule '{}' has a sun trigger but the engine has no location: it will not fire",
                        runtime.rule().id());
            }
            return null;
        }

        @Override
        public Void telemetry(Trigger.Telemetry trigger) {
            telemetry.add(watcher(trigger));
            return null;
        }

        @Override
        public Void started(Trigger.Started trigger) {
            onStart.add(runtime);
            return null;
        }

        private Void onDeviceEvents(Trigger trigger) {
            byDevice.computeIfAbsent(trigger.watchedDevice().orElseThrow(), key -> new ArrayList<>()).add(watcher(trigger));
            return null;
        }

        private TriggerWatcher watcher(Trigger trigger) {
            TriggerWatcher watcher = new TriggerWatcher(trigger, index, runtime, context);
            all.add(watcher);
            return watcher;
        }

        private Void onMoments(Trigger trigger, TimeSchedule schedule) {
            timed.add(new TimeTriggerWatcher(trigger, schedule, runtime, context));
            return null;
        }
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
        new JournalRestore(context).restore(runtimes, all, ruleSet.size() > 0);
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
