package dev.hearth.hub.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists state, status and history in batches on its own thread, so the broker's threads
 * never wait on the disk. The queue is bounded: when the disk cannot keep up, new writes are
 * dropped and counted rather than memory growing without end. A QoS 1 message's writes are
 * offered together ({@link #offerTogether}) so that its acknowledgement can wait for their
 * commit: what a device was told is stored survives a crash of the hub.
 *
 * <p>This class owns the queue and the thread that drains it, with the watchdog's view of that
 * thread; committing a batch ({@link BatchCommit}), the retention ({@link Retention}) and the
 * figures ({@link WriteCounts}) live beside it.
 */
public final class StorageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);
    /**
     * Up to this many writes per transaction when the queue is deep: rows of many devices touch
     * as many index pages, and a bigger batch writes each page once for more rows.
     */
    private static final int MAX_BATCH = 20_000;
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(60);
    /**
     * How long writes nobody waits for (QoS 0 history and state, availability, rule traces) wait for
     * company before their commit, as Home Assistant's recorder commits once a second: at a thousand
     * events a second a commit per few rows cost more CPU than the rows. A QoS 1 message's writes are
     * committed at once, with whatever waits beside them.
     */
    static final Duration DEFAULT_COALESCE = Duration.ofMillis(100);
    private static final CompletableFuture<Boolean> NOTHING_TO_STORE = CompletableFuture.completedFuture(true);

    private final Database database;
    private final Clock clock;
    private final BlockingQueue<Write> queue;
    private final WriteCounts counts = new WriteCounts();
    private final BatchCommit batches;
    private final Retention retention;
    /** Past this without the loop coming round, the writer is stuck (a batch normally takes well under a second). */
    private final Duration stallAfter;
    private final long coalesceNanos;
    /** Queued writes past which an offer wakes a writer that is gathering a batch. */
    private final int wakeAt;
    /** The writer's thread; the watchdog replaces it when it dies or sticks. */
    private volatile Thread thread;
    /** When the loop last came round, by {@link #clock}. */
    private volatile long heartbeat;
    private volatile boolean closing;

    public StorageWriter(Database database, StateRepository state, HistoryRepository history, Duration retention,
                         Clock clock, int capacity) {
        this(database, state, history, retention, clock, capacity, DEFAULT_STALL, DEFAULT_COALESCE);
    }

    public StorageWriter(Database database, StateRepository state, HistoryRepository history, Duration retention,
                         Clock clock, int capacity, Duration stallAfter, Duration coalesce) {
        this.stallAfter = stallAfter;
        this.coalesceNanos = coalesce.toNanos();
        this.database = database;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = capacity / 2;
        this.batches = new BatchCommit(database, state, history, counts);
        this.retention = new Retention(database, history, retention, clock);
        this.heartbeat = clock.millis();
        this.thread = newThread();
        this.thread.start();
    }

    /** Never blocks; false (and counted) when the queue is full or the writer is closing. */
    public boolean offer(Write write) {
        if (closing || !queue.offer(write)) {
            counts.dropped(write);
            return false;
        }
        counts.offered(write);
        if (queue.size() > wakeAt) {
            LockSupport.unpark(thread); // a writer gathering a batch empties the queue before it fills
        }
        return true;
    }

    /**
     * Queues one message's writes as one unit, committed together: true once they are, false
     * when they were dropped (queue full, writer closing) or failed. Nothing to store is true at once.
     */
    public CompletableFuture<Boolean> offerTogether(List<Write> writes) {
        if (writes.isEmpty()) {
            return NOTHING_TO_STORE;
        }
        Write.Acknowledged unit = new Write.Acknowledged(writes, new CompletableFuture<>());
        if (!offer(unit)) {
            unit.stored().complete(false);
        } else {
            LockSupport.unpark(thread); // someone waits for it: a gathering writer commits now
        }
        return unit.stored();
    }

    /** A cheap round trip to the database, for readiness probes. */
    public boolean databaseAnswers() {
        try {
            return Sql.inTransaction(database, connection -> connection.isValid(2));
        } catch (StorageException e) {
            return false;
        }
    }

    public Stats stats() {
        return counts.stats(queue.size());
    }

    /** Whether the writer's thread is alive and coming round its loop: nothing is stored otherwise. */
    public Health health() {
        if (!thread.isAlive()) {
            return closing ? Health.UP : Health.DEAD;
        }
        return clock.millis() - heartbeat > stallAfter.toMillis() ? Health.STUCK : Health.UP;
    }

    /**
     * For a watchdog: a dead or stuck writer gets a new thread, which takes the queue on. A stuck
     * one is interrupted and ends once its batch returns; its receipts still complete then.
     */
    public synchronized Health restartIfDown() {
        Health health = health();
        if (health != Health.UP && !closing) {
            counts.restarted();
            LOG.error("storage writer {}: starting a new one ({} writes queued)", health.name().toLowerCase(Locale.ROOT), queue.size());
            Thread old = thread;
            heartbeat = clock.millis();
            thread = newThread();
            thread.start();
            old.interrupt();
        }
        return health;
    }

    /** Waits until everything offered so far is written (tests, shutdown). */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        return counts.awaitSettled(timeout);
    }

    private Thread newThread() {
        Thread writerThread = new Thread(this::loop, "storage-writer");
        writerThread.setDaemon(true);
        return writerThread;
    }

    private void loop() {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        // A thread the watchdog replaced ends after the batch it was stuck in.
        while (Thread.currentThread() == thread && (!closing || !queue.isEmpty())) {
            heartbeat = clock.millis();
            try {
                Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    gatherUntilWaitedFor(batch);
                    batches.write(batch);
                }
                retention.applyIfDue();
            } catch (InterruptedException e) {
                if (Thread.currentThread() != thread || closing) {
                    return;
                }
                // interrupted by someone else: only close() and the watchdog end this thread
            } catch (RuntimeException | Error e) {
                // Whatever one batch does, the writer goes on: the hub stores nothing without it.
                LOG.error("storage writer: unexpected failure, carrying on", e);
                batches.settle(batch, false); // may count a unit settled before the failure twice: rare, and never loses a receipt
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Adds what arrives within the coalescing time to a batch nobody waits for; stops at once when
     * a write someone waits for (a QoS 1 message's) is in the batch, when it is full, or at close.
     * It sleeps through the coalescing time rather than waiting on the queue, which would wake it
     * for every write offered (a futex wake-up and a context switch each); an acknowledged write, a
     * queue past half full and close() wake it.
     */
    private void gatherUntilWaitedFor(List<Write> batch) throws InterruptedException {
        long deadline = System.nanoTime() + coalesceNanos;
        int checked = 0;
        while (!waitedFor(batch, checked) && batch.size() < MAX_BATCH && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                queue.drainTo(batch, MAX_BATCH - batch.size());
                return;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            checked = batch.size();
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private static boolean waitedFor(List<Write> batch, int from) {
        for (int i = from; i < batch.size(); i++) {
            if (batch.get(i) instanceof Write.Acknowledged) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    /**
     * For metrics and the API; {@code restarts}: how often the watchdog replaced a dead or stuck
     * writer; {@code batches}: transactions committed or tried.
     */
    public record Stats(int queued, long written, long dropped, long failed, long lastBatchMillis, long restarts,
                        long batches) {
    }

    public enum Health { UP, DEAD, STUCK }
}
