package dev.hearth.rules;

import dev.hearth.rules.internal.engine.ActiveRules;
import dev.hearth.rules.internal.engine.EngineContext;
import dev.hearth.rules.internal.engine.RunReporter;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a {@link RuleSet} against state changes. All evaluation happens on {@code scheduler}, one
 * task at a time (give it a single-thread scheduler); the methods here may be called from any
 * thread. Time is {@code clock}'s: time conditions use its zone, {@code for:} timers its scheduler.
 */
public final class RuleEngine implements AutoCloseable {
    private final EngineContext context;
    private volatile ActiveRules active;
    private volatile boolean closed;

    public RuleEngine(StateView state, CommandSink commands, Clock clock, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        this.context = new EngineContext(state, commands, clock, scheduler, new RunReporter(clock));
        this.active = new ActiveRules(RuleSet.empty(), context);
    }

    /**
     * Swaps in a new rule set at once. The old set's pending {@code for:} timers and its runs are
     * cancelled (a command already sent is not recalled; its reply is ignored).
     */
    public void replace(RuleSet rules) {
        Objects.requireNonNull(rules, "rules");
        ActiveRules next = new ActiveRules(rules, context);
        ActiveRules previous;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the rule engine is closed");
            }
            previous = active;
            active = next;
        }
        previous.retire("the rules were replaced");
    }

    public RuleSet rules() {
        return active.ruleSet();
    }

    /** Queues the change for evaluation on the scheduler; returns at once. Ignored once closed. */
    public void onStateChange(StateChange change) {
        Objects.requireNonNull(change, "change");
        if (!closed) {
            context.execute(() -> active.onStateChange(change));
        }
    }

    /** The listener hears of every trigger of every rule, on the scheduler thread. */
    public void addListener(RunListener listener) {
        context.reporter().add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(RunListener listener) {
        context.reporter().remove(listener);
    }

    /** Cancels every timer and run; the scheduler is the caller's and keeps running. */
    @Override
    public void close() {
        ActiveRules last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = active;
        }
        last.retire("the rule engine closed");
    }
}
