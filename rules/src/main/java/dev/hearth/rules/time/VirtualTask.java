package dev.hearth.rules.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A task of a {@link VirtualTime}: due at a virtual instant, once or every period. */
final class VirtualTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    private final VirtualTime time;
    /** Ties at one time run in the order they were (re)scheduled. */
    private long order;
    private final Duration period;
    private final boolean fixedRate;
    private final boolean rethrow;
    private Instant due;

    VirtualTask(VirtualTime time, Callable<V> callable, Instant due, Duration period, boolean fixedRate, boolean rethrow) {
        super(callable);
        this.time = time;
        this.order = time.nextSequence();
        this.due = due;
        this.period = period;
        this.fixedRate = fixedRate;
        this.rethrow = rethrow;
    }

    Instant due() {
        return due;
    }

    /** The next period: called by the time, under its lock, with its current instant and sequence. */
    void reschedule(Instant now, long sequence) {
        due = fixedRate ? due.plus(period) : now.plus(period);
        order = sequence;
    }

    @Override
    public boolean isPeriodic() {
        return !period.isZero();
    }

    @Override
    public void run() {
        if (!isPeriodic()) {
            super.run();
        } else if (runAndReset()) {
            time.requeue(this);
        }
    }

    void rethrowIfFailed() {
        if (!rethrow || !isDone() || isCancelled()) {
            return;
        }
        try {
            get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        time.dequeue(this);
        return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(Duration.between(time.now(), due));
    }

    @Override
    public int compareTo(Delayed other) {
        if (other instanceof VirtualTask<?> task) {
            int byDue = due.compareTo(task.due);
            return byDue != 0 ? byDue : Long.compare(order, task.order);
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
}
