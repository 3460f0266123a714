package dev.hearth.rules.internal.engine;

import dev.hearth.rules.CommandSink;
import dev.hearth.rules.StateView;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's ports, time and thread. Every task goes through here so that it runs on the
 * scheduler and an unexpected exception is logged instead of vanishing into a future.
 */
public record EngineContext(StateView state, CommandSink commands, Clock clock, ScheduledExecutorService scheduler,
                            RunReporter reporter) {
    private static final Logger log = LoggerFactory.getLogger(EngineContext.class);

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
            return Optional.of(scheduler.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("scheduler refused a timer (shut down?)", e);
            return Optional.empty();
        }
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
