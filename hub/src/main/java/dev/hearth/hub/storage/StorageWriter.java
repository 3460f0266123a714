package dev.hearth.hub.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists state, status and history in batches on its own thread, so the broker's threads
 * never wait on the disk. The queue is bounded: when the disk cannot keep up, new writes are
 * dropped and counted rather than memory growing without end.
 */
public final class StorageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);
    private static final int MAX_BATCH = 2_000;
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final Database database;
    private final StateRepository state;
    private final HistoryRepository history;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<Write> queue;
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
        if (closing || !queue.offer(write)) {
            dropped.incrementAndGet();
            warnAboutDrops();
            return false;
        }
        offered.incrementAndGet();
        return true;
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
        for (Write write : batch) {
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
        try {
            Sql.inTransaction(database, connection -> {
                state.upsertLatest(connection, latest);
                state.upsertStatus(connection, statuses);
                history.append(connection, points);
                SqlTraceStore.insert(connection, traces);
                return null;
            });
            written.addAndGet(batch.size());
        } catch (StorageException e) {
            failed.addAndGet(batch.size());
            LOG.error("lost a batch of {} storage writes: {}", batch.size(), e.getMessage());
        }
        lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
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
