package dev.hearth.rules.internal.engine;

import dev.hearth.rules.CommandSink;
import dev.hearth.rules.DesiredStateSink;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.Notifier;
import dev.hearth.rules.StateView;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.TraceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's ports, time and thread. Every task goes through here so that it runs on the
 * scheduler and an unexpected exception is logged instead of vanishing into a future.
 */
public record EngineContext(StateView state, CommandSink commands, DesiredStateSink desired, Notifier notifier,
                            TraceStore traces, TimerJournal timers, EngineSettings settings, Clock clock,
                            ScheduledExecutorService scheduler, RunReporter reporter, DeviceBook devices,
                            AtomicLong ids) {
    private static final Logger log = LoggerFactory.getLogger(EngineContext.class);

    public EngineContext(StateView state, CommandSink commands, DesiredStateSink desired, Notifier notifier,
                         TraceStore traces, TimerJournal timers, EngineSettings settings, Clock clock,
                         ScheduledExecutorService scheduler) {
        this(state, commands, desired, notifier, traces, timers, settings, clock, scheduler,
                new RunReporter(clock, traces), new DeviceBook(), new AtomicLong());
    }

    /** Runs the task on the scheduler; false if the scheduler no longer takes tasks. */
    public boolean execute(Runnable task) {
        try {
            scheduler.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("scheduler refused a task (shut down?)", e);
            return false;
        }
    }

    Optional<ScheduledFuture<?>> schedule(Runnable task, Duration delay) {
        try {
            long nanos = delay.isNegative() ? 0 : delay.toNanos();
            return Optional.of(scheduler.schedule(guarded(task), nanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("scheduler refused a timer (shut down?)", e);
            return Optional.empty();
        }
    }

    /** A short id, unique within this engine, for runs and timers. */
    String nextId(String prefix) {
        return prefix + "-" + Long.toString(clock.millis(), 36) + "-" + ids.incrementAndGet();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("rules engine task failed", e);
            }
        };
    }
}
