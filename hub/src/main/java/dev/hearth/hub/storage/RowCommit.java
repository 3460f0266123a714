package dev.hearth.hub.storage;

import dev.hearth.rules.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rows (latest state, status, history, traces; an acknowledged unit's rows with it) in one transaction, or
 * throws {@link StorageException} having written none. The storage writer commits its batches with it, and so does
 * the cluster's storage sink, which commits its Kafka offsets only after.
 */
public final class RowCommit {
    private final Database database;
    private final StateRepository state;
    private final HistoryRepository history;

    public RowCommit(Database database, StateRepository state, HistoryRepository history) {
        this.database = database;
        this.state = state;
        this.history = history;
    }

    public void commit(List<Write> units) {
        List<Write.LatestState> latest = new ArrayList<>();
        List<Write.Status> statuses = new ArrayList<>();
        List<Write.History> rows = new ArrayList<>();
        List<Trace> traces = new ArrayList<>();
        for (Write write : units) {
            for (Write row : write instanceof Write.Acknowledged unit ? unit.writes() : List.of(write)) {
                if (row instanceof Write.LatestState latestState) {
                    latest.add(latestState);
                } else if (row instanceof Write.Status status) {
                    statuses.add(status);
                } else if (row instanceof Write.History entry) {
                    rows.add(entry);
                } else if (row instanceof Write.TraceRecord traceRecord) {
                    traces.add(traceRecord.trace());
                }
            }
        }
        Sql.inTransaction(database, connection -> {
            state.upsertLatest(connection, latest);
            state.upsertStatus(connection, statuses);
            history.append(connection, rows);
            SqlTraceStore.insert(connection, traces);
            return null;
        });
    }
}
