package dev.hearth.hub.storage;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists state, status and history in batches on its own thread, so the broker's threads
 * never wait on the disk. The queue is bounded: when the disk cannot keep up, new writes are
 * dropped and counted rather than memory growing without end. A QoS 1 message's writes can be
 * captured ({@link #beginCapture()}, {@link #commitCaptured()}) so that its acknowledgement
 * waits for their commit: what a device was told is stored survives a crash of the hub.
 */
public final class StorageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);
    /**
     * Up to this many writes per transaction when the queue is deep: rows of many devices touch
     * as many index pages, and a bigger batch writes each page once for more rows.
     */
    private static final int MAX_BATCH = 20_000;
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(60);
    private static final CompletableFuture<Boolean> NOTHING_TO_STORE = CompletableFuture.completedFuture(true);

    private final Database database;
    private final StateRepository state;
    private final HistoryRepository history;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<Write> queue;
    /** The writes of the message this thread is handling, while one is captured. */
    private final ThreadLocal<List<Write>> captured = new ThreadLocal<>();
    /** Past this without the loop coming round, the writer is stuck (a batch normally takes well under a second). */
    private final Duration stallAfter;
    /** The writer's thread; the watchdog replaces it when it dies or sticks. */
    private volatile Thread thread;
    /** When the loop last came round, by {@link #clock}. */
    private volatile long heartbeat;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastBatchMillis;
    private volatile boolean closing;
    private volatile Instant nextRetention;
    private volatile long lastDropWarning;

    public StorageWriter(Database database, StateRepository state, HistoryRepository history, Duration retention,
                         Clock clock, int capacity) {
        this(database, state, history, retention, clock, capacity, DEFAULT_STALL);
    }

    public StorageWriter(Database database, StateRepository state, HistoryRepository history, Duration retention,
                         Clock clock, int capacity, Duration stallAfter) {
        this.stallAfter = stallAfter;
        this.database = database;
        this.state = state;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nextRetention = clock.instant();
        this.heartbeat = clock.millis();
        this.thread = newThread();
        this.thread.start();
    }

    /** Never blocks; false (and counted) when the queue is full or the writer is closing. */
    public boolean offer(Write write) {
        List<Write> capturing = captured.get();
        if (capturing != null) {
            capturing.add(write);
            return true;
        }
        if (closing || !queue.offer(write)) {
            dropped.addAndGet(rows(write));
            warnAboutDrops();
            return false;
        }
        offered.addAndGet(rows(write));
        return true;
    }

    /** From now until {@link #commitCaptured()}, this thread's writes are held together: one message's. */
    public void beginCapture() {
        captured.set(new ArrayList<>(4));
    }

    /** Queues what this thread captured as one unit; true once committed, false when dropped or failed. */
    public CompletableFuture<Boolean> commitCaptured() {
        List<Write> writes = captured.get();
        captured.remove();
        if (writes == null || writes.isEmpty()) {
            return NOTHING_TO_STORE;
        }
        Write.Acknowledged unit = new Write.Acknowledged(writes, new CompletableFuture<>());
        if (!offer(unit)) {
            unit.stored().complete(false);
        }
        return unit.stored();
    }

    private static int rows(Write write) {
        return write instanceof Write.Acknowledged unit ? unit.writes().size() : 1;
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
        return new Stats(queue.size(), written.get(), dropped.get(), failed.get(), lastBatchMillis, restarts.get());
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
            restarts.incrementAndGet();
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
        long target = offered.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() + failed.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
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
                    writeBatch(batch);
                }
                applyRetention();
            } catch (InterruptedException e) {
                if (Thread.currentThread() != thread || closing) {
                    return;
                }
                // interrupted by someone else: only close() and the watchdog end this thread
            } catch (RuntimeException | Error e) {
                // Whatever one batch does, the writer goes on: the hub stores nothing without it.
                LOG.error("storage writer: unexpected failure, carrying on", e);
                settle(batch, false); // may count a unit settled before the failure twice: rare, and never loses a receipt
            } finally {
                batch.clear();
            }
        }
    }

    /** One transaction for the batch; when it fails, each of its units alone, so one bad write loses only itself. */
    private void writeBatch(List<Write> batch) {
        long start = System.nanoTime();
        try {
            commit(batch);
            settle(batch, true);
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1 || databaseUnavailable(batchFailure)) {
                lose(batch, batchFailure);
            } else {
                LOG.warn("a batch of {} storage writes failed ({}), writing them one by one", batch.size(), batchFailure.toString());
                writeOneByOne(batch);
            }
        }
        lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private void writeOneByOne(List<Write> batch) {
        for (int i = 0; i < batch.size(); i++) {
            List<Write> unit = List.of(batch.get(i));
            try {
                commit(unit);
                settle(unit, true);
            } catch (RuntimeException e) {
                if (databaseUnavailable(e)) {
                    // the database is gone, not this write: waiting on it for each of the rest would stall the writer
                    lose(batch.subList(i, batch.size()), e);
                    return;
                }
                lose(unit, e);
            }
        }
    }

    private void commit(List<Write> units) {
        List<Write.LatestState> latest = new ArrayList<>();
        List<Write.Status> statuses = new ArrayList<>();
        List<HistoryPoint> points = new ArrayList<>();
        List<dev.hearth.rules.Trace> traces = new ArrayList<>();
        for (Write write : units) {
            for (Write row : write instanceof Write.Acknowledged unit ? unit.writes() : List.of(write)) {
                if (row instanceof Write.LatestState latestState) {
                    latest.add(latestState);
                } else if (row instanceof Write.Status status) {
                    statuses.add(status);
                } else if (row instanceof Write.History historyWrite) {
                    points.add(historyWrite.point());
                } else if (row instanceof Write.TraceRecord traceRecord) {
                    traces.add(traceRecord.trace());
                }
            }
        }
        Sql.inTransaction(database, connection -> {
            state.upsertLatest(connection, latest);
            state.upsertStatus(connection, statuses);
            history.append(connection, points);
            SqlTraceStore.insert(connection, traces);
            return null;
        });
    }

    /** Counts the units as written (or failed) and tells whoever waits for a message's receipt. */
    private void settle(List<Write> units, boolean committed) {
        // counted before any receipt completes: whoever waits for one sees the figures it accounts for
        (committed ? written : failed).addAndGet(units.stream().mapToInt(StorageWriter::rows).sum());
        for (Write unit : units) {
            if (unit instanceof Write.Acknowledged acknowledged) {
                acknowledged.stored().complete(committed);
            }
        }
    }

    private void lose(List<Write> units, RuntimeException cause) {
        settle(units, false);
        LOG.error("lost {} storage write(s): {}", units.size(), cause.toString());
    }

    /** No connection, or the connection broke: a fault of the database, which retrying write by write cannot help. */
    private static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private void applyRetention() {
        Instant now = clock.instant();
        if (now.isBefore(nextRetention)) {
            return;
        }
        nextRetention = now.plus(RETENTION_EVERY);
        try {
            Instant cutoff = now.minus(retention);
            int deleted = history.deleteOlderThan(cutoff);
            int traces = Sql.inTransaction(database, connection -> SqlTraceStore.deleteOlderThan(connection, cutoff));
            if (deleted + traces > 0) {
                LOG.info("retention: deleted {} history points and {} rule traces older than {}", deleted, traces, retention);
            }
        } catch (StorageException e) {
            LOG.error("history retention failed: {}", e.getMessage());
        }
    }

    private void warnAboutDrops() {
        long now = System.currentTimeMillis();
        if (now - lastDropWarning > 10_000) {
            lastDropWarning = now;
            LOG.warn("storage cannot keep up: {} writes dropped so far (queue full)", dropped.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** For metrics and the API; {@code restarts}: how often the watchdog replaced a dead or stuck writer. */
    public record Stats(int queued, long written, long dropped, long failed, long lastBatchMillis, long restarts) {
    }

    public enum Health { UP, DEAD, STUCK }
}
