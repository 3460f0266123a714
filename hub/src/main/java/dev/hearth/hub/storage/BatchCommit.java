package dev.hearth.hub.storage;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the storage writer took from its queue: one transaction for the batch; when that
 * fails, each of its units alone, so one bad write loses only itself. Every unit is settled,
 * committed or not: its rows counted and the receipt of an acknowledged message completed.
 */
final class BatchCommit {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommit.class);

    private final RowCommit rows;
    private final WriteCounts counts;

    BatchCommit(Database database, StateRepository state, HistoryRepository history, WriteCounts counts) {
        this.rows = new RowCommit(database, state, history);
        this.counts = counts;
    }

    void write(List<Write> batch) {
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
        counts.batchTook((System.nanoTime() - start) / 1_000_000);
    }

    /** Counts the units as written (or failed) and tells whoever waits for a message's receipt. */
    void settle(List<Write> units, boolean committed) {
        // counted before any receipt completes: whoever waits for one sees the figures it accounts for
        counts.settled(units, committed);
        for (Write unit : units) {
            if (unit instanceof Write.Acknowledged acknowledged) {
                acknowledged.stored().complete(committed);
            }
        }
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
        rows.commit(units);
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
}
