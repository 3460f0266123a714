package dev.hearth.rules.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clock and a scheduler on virtual time: nothing runs and no time passes until the caller says
 * so. {@link #advance(Duration)} runs the tasks that fall due in order, setting the clock to each
 * task's time; {@link #runPending()} runs what is due now, including tasks given to
 * {@code execute}/{@code submit}. Tasks run on the calling thread; an exception thrown by a task
 * given to {@code execute} propagates to the caller (a test wants to see it). Its tasks are
 * {@code VirtualTask}s, its clock a {@code VirtualClock}.
 *
 * <pre>{@code
 * VirtualTime time = VirtualTime.at(ZonedDateTime.parse("2025-01-06T07:00:00+01:00[Europe/Paris]"));
 * RuleEngine engine = new RuleEngine(state, commands, time.clock(), time);
 * engine.onStateChange(change);
 * time.advance(Duration.ofSeconds(30));
 * }</pre>
 */
public final class VirtualTime extends AbstractExecutorService implements ScheduledExecutorService {
    /** A task that keeps scheduling due tasks would otherwise loop for ever. */
    private static final int MAX_TASKS_PER_CALL = 1_000_000;

    private final PriorityQueue<VirtualTask<?>> queue = new PriorityQueue<>();
    private final Clock clock;
    private volatile Instant now;
    private long sequence;
    private boolean shutdown;

    private VirtualTime(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.clock = new VirtualClock(this, Objects.requireNonNull(zone, "zone"));
    }

    public static VirtualTime at(Instant start, ZoneId zone) {
        return new VirtualTime(start, zone);
    }

    public static VirtualTime at(ZonedDateTime start) {
        return new VirtualTime(start.toInstant(), start.getZone());
    }

    /** The clock that reads this virtual time, in the zone given at creation. */
    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return now;
    }

    /** Runs every task due up to {@code now + duration}, in order; then the clock reads that time. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("virtual time does not go back: " + duration);
        }
        advanceTo(now.plus(duration));
    }

    public void advanceTo(Instant target) {
        if (target.isBefore(now)) {
            throw new IllegalArgumentException("virtual time does not go back: " + target + " is before " + now);
        }
        runDueBy(target);
        now = target;
    }

    /** Runs every task due now, including those the tasks themselves add; returns how many ran. */
    public int runPending() {
        return runDueBy(now);
    }

    /** Tasks waiting to run (cancelled ones are gone). */
    public synchronized int pendingTasks() {
        return queue.size();
    }

    /** When the next task falls due, if any. */
    public synchronized Optional<Instant> nextDue() {
        return Optional.ofNullable(queue.peek()).map(VirtualTask::due);
    }

    private int runDueBy(Instant limit) {
        int ran = 0;
        VirtualTask<?> task;
        while ((task = pollDueBy(limit)) != null) {
            if (++ran > MAX_TASKS_PER_CALL) {
                throw new IllegalStateException("more than " + MAX_TASKS_PER_CALL + " tasks at " + now + ": a loop?");
            }
            task.run();
            task.rethrowIfFailed();
        }
        return ran;
    }

    private synchronized VirtualTask<?> pollDueBy(Instant limit) {
        VirtualTask<?> head = queue.peek();
        if (head == null || head.due().isAfter(limit)) {
            return null;
        }
        queue.poll();
        if (head.due().isAfter(now)) {
            now = head.due();
        }
        return head;
    }

    private synchronized <T> VirtualTask<T> enqueue(VirtualTask<T> task) {
        if (shutdown) {
            throw new RejectedExecutionException("virtual time is shut down");
        }
        queue.add(task);
        return task;
    }

    synchronized void dequeue(VirtualTask<?> task) {
        queue.remove(task);
    }

    synchronized long nextSequence() {
        return sequence++;
    }

    /** A periodic task ran: it goes back in the queue for its next period, unless time is shut down. */
    synchronized void requeue(VirtualTask<?> task) {
        task.reschedule(now, sequence++);
        if (!shutdown) {
            queue.add(task);
        }
    }

    private Instant dueAfter(long delay, TimeUnit unit) {
        return now.plusNanos(Math.max(0, unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        enqueue(new VirtualTask<Void>(this, Executors.callable(command, null), now, Duration.ZERO, false, true));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return enqueue(new VirtualTask<>(this, Objects.requireNonNull(task, "task"), now, Duration.ZERO, false, false));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submit(Executors.callable(Objects.requireNonNull(task, "task")));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return submit(Executors.callable(Objects.requireNonNull(task, "task"), result));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(Objects.requireNonNull(command, "command")), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new VirtualTask<>(this, callable, dueAfter(delay, unit), Duration.ZERO, false, false));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return periodic(command, initialDelay, period, unit, true);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return periodic(command, initialDelay, delay, unit, false);
    }

    private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period, TimeUnit unit,
                                        boolean fixedRate) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return enqueue(new VirtualTask<Void>(this, Executors.callable(Objects.requireNonNull(command, "command"), null),
                dueAfter(initialDelay, unit), Duration.ofNanos(unit.toNanos(period)), fixedRate, false));
    }

    /** Would block for ever: nothing runs until the caller advances time. */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        throw new UnsupportedOperationException("invokeAll would wait for ever on virtual time");
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException("invokeAll would wait for ever on virtual time");
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) {
        throw new UnsupportedOperationException("invokeAny would wait for ever on virtual time");
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException("invokeAny would wait for ever on virtual time");
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> waiting = new ArrayList<>(queue);
        queue.clear();
        return waiting;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    /** Does not wait: virtual time passes only when the caller advances it. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
