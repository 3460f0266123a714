package dev.hearth.hub.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes history points and rule traces older than the retention. Runs on the storage writer's
 * thread between batches, so it never competes with a batch for the database's write lock.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final Database database;
    private final HistoryRepository history;
    private final Duration retention;
    private final Clock clock;
    /** Due at once at first: a hub that was off for a while deletes what expired meanwhile. Volatile: a replaced writer thread may still be in a pass. */
    private volatile Instant next;

    Retention(Database database, HistoryRepository history, Duration retention, Clock clock) {
        this.database = database;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
        this.next = clock.instant();
    }

    /** Deletes what expired, unless the last pass was less than an hour ago. */
    void applyIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return;
        }
        next = now.plus(EVERY);
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
}
