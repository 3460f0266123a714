package dev.hearth.device.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The background connect attempts, spaced by {@link Backoff}, on the device's lifecycle thread.
 * At most one loop runs at a time; it ends only when an attempt finds the device connected or
 * closed and says so with {@link #finish()}, so a foreground {@code connect()} that wins meanwhile
 * leaves the loop to notice on its next attempt.
 *
 * <p>Not thread-safe on its own: the device calls every method while holding its connect lock,
 * and the attempt it runs takes that lock too.
 */
final class ReconnectLoop {
    private final Backoff backoff;
    private final ScheduledExecutorService executor;
    private final IntConsumer attempt;
    private boolean running;

    /** {@code attempt} gets the attempt number (1 for the first) and ends with {@link #finish} or {@link #retry}. */
    ReconnectLoop(Backoff backoff, ScheduledExecutorService executor, IntConsumer attempt) {
        this.backoff = backoff;
        this.executor = executor;
        this.attempt = attempt;
    }

    /** Starts the loop unless it runs already: the first attempt right away, or after the first delay. */
    void start(boolean immediately) {
        if (running) {
            return;
        }
        running = true;
        schedule(1, immediately ? Duration.ZERO : backoff.delay(1));
    }

    /** Attempt {@code failed} did not connect: the next one, further apart. */
    void retry(int failed) {
        schedule(failed + 1, backoff.delay(failed + 1));
    }

    /** The device is connected or closed: no further attempt. */
    void finish() {
        running = false;
    }

    private void schedule(int number, Duration delay) {
        try {
            executor.schedule(() -> attempt.accept(number), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }
}
