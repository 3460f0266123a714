package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.internal.engine.ActiveRules;
import dev.hearth.rules.internal.engine.EngineContext;
import dev.hearth.rules.internal.engine.EngineEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RuleSet} against state changes, availability, telemetry and time. All evaluation
 * happens on {@code scheduler}, one task at a time (give it a single-thread scheduler); the methods
 * here may be called from any thread. Time is {@code clock}'s: time conditions and triggers use its
 * zone, timers its scheduler.
 *
 * <p>Events that arrive before {@link #start()} are held and evaluated at start, in order: the hub
 * replays the devices' retained state first, then starts the engine. A change out of an unknown
 * value does not fire a state trigger (unless it says {@code from_unknown: true}), so the replay
 * itself fires nothing.
 */
public final class RuleEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);
    /** Held events past this are dropped (oldest first): a hub that never starts must not fill the heap. */
    static final int MAX_HELD_EVENTS = 100_000;

    private final EngineContext context;
    private final EngineEvents events;
    private final Deque<Runnable> held = new ArrayDeque<>();
    private boolean warnedHeld;
    private volatile ActiveRules active;
    private volatile boolean started;
    private volatile boolean closed;
    /**
     * Whether time triggers missed while the engine was down were caught up: at the first start
     * (or the first load after it) with rules. Guarded by {@code this}.
     */
    private boolean caughtUp;

    /** An engine with the default ports: in-memory traces and timers, no desired state, HTTP webhooks. */
    public RuleEngine(StateView state, CommandSink commands, Clock clock, ScheduledExecutorService scheduler) {
        this(builder(state, commands, clock, scheduler));
    }

    private RuleEngine(Builder builder) {
        this.context = new EngineContext(builder.state, builder.commands, builder.desired, builder.notifier,
                builder.traces, builder.timers, builder.settings, builder.clock, builder.scheduler);
        this.active = new ActiveRules(RuleSet.empty(), context);
        this.events = new EngineEvents(context);
    }

    public static Builder builder(StateView state, CommandSink commands, Clock clock,
                                  ScheduledExecutorService scheduler) {
        return new Builder(state, commands, clock, scheduler);
    }

    /**
     * Starts evaluating: arms time triggers, restores the journal's deadlines (each missed one
     * follows its rule's {@code missed:} policy), fires {@code started:} triggers, then evaluates the
     * held events. Once only; later calls do nothing.
     */
    public void start() {
        start(true);
    }

    /**
     * As {@link #start()}, without firing {@code started:} triggers: these rules started before, elsewhere, and go on
     * here (a cluster worker taking over a site whose rules another worker started).
     */
    public void resume() {
        start(false);
    }

    private void start(boolean fireStarted) {
        synchronized (this) {
            if (started || closed) {
                return;
            }
            // Queued under the lock: an event submitted meanwhile waits for the lock, so it cannot
            // overtake the held ones.
            ActiveRules rules = active;
            // With no rules yet, the catch-up waits for the first load: it needs the time triggers.
            boolean catchUp = rules.ruleSet().size() > 0;
            caughtUp = catchUp;
            context.execute(() -> rules.activate(fireStarted, catchUp));
            held.forEach(context::execute);
            held.clear();
            started = true;
        }
    }

    public boolean isStarted() {
        return started;
    }

    /**
     * Swaps in a new rule set at once. The old set's timers and runs stop (a command already sent is
     * not recalled; its reply is ignored), but their deadlines stay in the journal: the new set takes
     * up the {@code for:} holds, delays and waits of every rule that is unchanged (same id, same
     * trigger or actions), so a reload after editing another rule loses nothing. Deadlines of rules
     * that are gone or changed are dropped.
     */
    public void replace(RuleSet rules) {
        Objects.requireNonNull(rules, "rules");
        ActiveRules next = new ActiveRules(rules, context);
        ActiveRules previous;
        boolean activate;
        boolean catchUp;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the rule engine is closed");
            }
            previous = active;
            active = next;
            activate = started;
            catchUp = started && !caughtUp && rules.size() > 0;
            caughtUp |= catchUp;
        }
        previous.retire("the rules were replaced");
        if (activate) {
            context.execute(() -> next.activate(false, catchUp));
        }
    }

    public RuleSet rules() {
        return active.ruleSet();
    }

    /** Queues the change for evaluation on the scheduler; returns at once. Ignored once closed. */
    public void onStateChange(StateChange change) {
        Objects.requireNonNull(change, "change");
        submit(() -> events.state(change, active));
    }

    /** The device went online or offline (its status topic, or the broker's last will). */
    public void onAvailability(String deviceId, boolean online, Instant at) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(at, "at");
        submit(() -> events.availability(deviceId, online, at, active));
    }

    /** Measurements the device sent (its telemetry topic); they are not state. */
    public void onTelemetry(String deviceId, ObjectNode measurements, Instant at) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(measurements, "measurements");
        Objects.requireNonNull(at, "at");
        if (started && !active.hearsTelemetry()) {
            return; // no rule listens to telemetry: nothing to copy or hand over (until started, all is held)
        }
        ObjectNode copy = measurements.deepCopy();
        submit(() -> events.telemetry(deviceId, copy, at, active));
    }

    private void submit(Runnable event) {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (!started) {
                if (held.size() >= MAX_HELD_EVENTS) {
                    held.pollFirst();
                    if (!warnedHeld) {
                        warnedHeld = true;
                        log.warn("rule engine not started: holding at most {} events, dropping the oldest", MAX_HELD_EVENTS);
                    }
                }
                held.add(event);
                return;
            }
        }
        context.execute(event);
    }

    /** Enables or disables a rule of the running set (also re-arms a rule its rate breaker disabled). */
    public void setEnabled(String ruleId, boolean enabled) {
        Objects.requireNonNull(ruleId, "ruleId");
        ActiveRules rules = active;
        context.execute(() -> rules.setEnabled(ruleId, enabled));
    }

    /**
     * Runs a rule's actions now, skipping its triggers and conditions (as a person asks from the
     * API); with {@code dryRun} it only traces what it would do. Its mode still applies.
     */
    public void runNow(String ruleId, boolean dryRun) {
        Objects.requireNonNull(ruleId, "ruleId");
        ActiveRules rules = active;
        context.execute(() -> rules.runNow(ruleId, dryRun));
    }

    /** Whether a rule of the running set is enabled; empty when there is no such rule. Any thread may ask. */
    public Optional<Boolean> isEnabled(String ruleId) {
        return active.isEnabled(ruleId);
    }

    /** The traces of past runs. */
    public TraceStore traces() {
        return context.traces();
    }

    public EngineSettings settings() {
        return context.settings();
    }

    /** The listener hears of every trigger of every rule, on the scheduler thread. */
    public void addListener(RunListener listener) {
        context.reporter().add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(RunListener listener) {
        context.reporter().remove(listener);
    }

    /**
     * Cancels every timer and run; pending deadlines stay in the timer journal for the next engine
     * on it. The scheduler is the caller's and keeps running.
     */
    @Override
    public void close() {
        ActiveRules last;
        boolean wasAlive;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            held.clear();
            last = active;
            // An engine that never ran its rules must not move the last-alive time of the one before it.
            wasAlive = caughtUp;
        }
        last.retire("the rule engine closed");
        if (wasAlive) {
            context.timers().alive(context.clock().instant());
        }
    }

    /** The engine's ports and settings; what is not set has an in-memory or do-nothing default. */
    public static final class Builder {
        private final StateView state;
        private final CommandSink commands;
        private final Clock clock;
        private final ScheduledExecutorService scheduler;
        private TraceStore traces = new InMemoryTraceStore();
        private TimerJournal timers = new InMemoryTimerJournal();
        private Notifier notifier = new HttpNotifier();
        private DesiredStateSink desired = DesiredStateSink.NONE;
        private EngineSettings settings = EngineSettings.DEFAULTS;

        private Builder(StateView state, CommandSink commands, Clock clock, ScheduledExecutorService scheduler) {
            this.state = Objects.requireNonNull(state, "state");
            this.commands = Objects.requireNonNull(commands, "commands");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        public Builder traces(TraceStore traces) {
            this.traces = Objects.requireNonNull(traces, "traces");
            return this;
        }

        public Builder timers(TimerJournal timers) {
            this.timers = Objects.requireNonNull(timers, "timers");
            return this;
        }

        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        public Builder desired(DesiredStateSink desired) {
            this.desired = Objects.requireNonNull(desired, "desired");
            return this;
        }

        public Builder settings(EngineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public RuleEngine build() {
            return new RuleEngine(this);
        }
    }
}
