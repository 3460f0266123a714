package dev.hearth.hub.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final CompletableFuture<Boolean> NOTHING_TO_STORE = CompletableFuture.completedFuture(true);

    private final Database database;
    private final StateRepository state;
    private final HistoryRepository history;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<Write> queue;
    /** The writes of the message this thread is handling, while one is captured. */
    private final ThreadLocal<List<Write>> captured = new ThreadLocal<>();
    private final Thread thread;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastBatchMillis;
    private volatile boolean closing;
    private Instant nextRetention;
    private long lastDropWarning;

    public StorageWriter(Database database, StateRepository state, HistoryRepository history, Duration retention,
                         Clock clock, int capacity) {
        this.database = database;
        this.state = state;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nextRetention = clock.instant();
        this.thread = new Thread(this::loop, "storage-writer");
        this.thread.setDaemon(true);
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
        return new Stats(queue.size(), written.get(), dropped.get(), failed.get(), lastBatchMillis);
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

    private void loop() {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    writeBatch(batch);
                    batch.clear();
                }
                applyRetention();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeBatch(List<Write> batch) {
        long start = System.nanoTime();
        List<Write.LatestState> latest = new ArrayList<>();
        List<Write.Status> statuses = new ArrayList<>();
        List<HistoryPoint> points = new ArrayList<>();
        List<dev.hearth.rules.Trace> traces = new ArrayList<>();
        List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
        List<Write> rows = new ArrayList<>(batch.size());
        for (Write write : batch) {
            if (write instanceof Write.Acknowledged unit) {
                rows.addAll(unit.writes());
                receipts.add(unit.stored());
            } else {
                rows.add(write);
            }
        }
        for (Write write : rows) {
            if (write instanceof Write.LatestState latestState) {
                latest.add(latestState);
            } else if (write instanceof Write.Status status) {
                statuses.add(status);
            } else if (write instanceof Write.History historyWrite) {
                points.add(historyWrite.point());
            } else if (write instanceof Write.TraceRecord traceRecord) {
                traces.add(traceRecord.trace());
            }
        }
        boolean committed = false;
        try {
            Sql.inTransaction(database, connection -> {
                state.upsertLatest(connection, latest);
                state.upsertStatus(connection, statuses);
                history.append(connection, points);
                SqlTraceStore.insert(connection, traces);
                return null;
            });
            written.addAndGet(rows.size());
            committed = true;
        } catch (StorageException e) {
            failed.addAndGet(rows.size());
            LOG.error("lost a batch of {} storage writes: {}", rows.size(), e.getMessage());
        }
        lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
        for (CompletableFuture<Boolean> receipt : receipts) {
            receipt.complete(committed);
        }
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

    /** For metrics and the API. */
    public record Stats(int queued, long written, long dropped, long failed, long lastBatchMillis) {
    }
}
