package dev.hearth.hub.storage;

import dev.hearth.cluster.ClusterFormatException;
import dev.hearth.cluster.TraceJson;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules engine's traces in the hub's database, so that they outlive a restart. Appends go
 * through the storage writer (the engine's thread never waits on the disk); queries read the
 * table, newest first.
 */
public final class SqlTraceStore implements TraceStore {
    private final Database database;
    private final StorageWriter writer;

    public SqlTraceStore(Database database, StorageWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    @Override
    public void append(Trace trace) {
        writer.offer(new Write.TraceRecord(trace));
    }

    @Override
    public List<Trace> byRule(String ruleId, int limit) {
        return query("SELECT body FROM rule_traces WHERE rule_id = ? ORDER BY started DESC LIMIT ?",
                statement -> statement.setString(1, ruleId), limit);
    }

    @Override
    public List<Trace> byDevice(String deviceId, Instant from, Instant to, int limit) {
        return Sql.inTransaction(database, connection -> {
            // '_' is a device id character and a LIKE wildcard: escape it, or bed_1 would also find bed-1's runs
            try (PreparedStatement select = connection.prepareStatement("SELECT body FROM rule_traces WHERE devices LIKE ? ESCAPE '\\'"
                    + " AND started >= ? AND started < ? ORDER BY started DESC LIMIT ?")) {
                select.setString(1, "%," + deviceId.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ",%");
                select.setLong(2, from.toEpochMilli());
                select.setLong(3, to.toEpochMilli());
                select.setInt(4, limit);
                return read(select);
            }
        });
    }

    @Override
    public List<Trace> between(Instant from, Instant to, int limit) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT body FROM rule_traces WHERE started >= ? AND started < ? ORDER BY started DESC LIMIT ?")) {
                select.setLong(1, from.toEpochMilli());
                select.setLong(2, to.toEpochMilli());
                select.setInt(3, limit);
                return read(select);
            }
        });
    }

    static void insert(Connection connection, List<Trace> traces) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO rule_traces (run_id, rule_id, started, devices, body) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (run_id) DO UPDATE SET body = excluded.body")) {
            for (Trace trace : traces) {
                insert.setString(1, trace.runId());
                insert.setString(2, trace.ruleId());
                insert.setLong(3, trace.started().toEpochMilli());
                insert.setString(4, "," + String.join(",", trace.devices()) + ",");
                insert.setString(5, TraceJson.write(trace));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static int deleteOlderThan(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM rule_traces WHERE started < ?")) {
            delete.setLong(1, cutoff.toEpochMilli());
            return delete.executeUpdate();
        }
    }

    private List<Trace> query(String sql, Sql.Binder first, int limit) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                first.bind(select);
                select.setInt(2, limit);
                return read(select);
            }
        });
    }

    private static List<Trace> read(PreparedStatement select) throws SQLException {
        List<Trace> traces = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                try {
                    traces.add(TraceJson.read(rows.getString(1)));
                } catch (ClusterFormatException e) {
                    throw new StorageException("a stored trace does not read: " + e.getMessage(), e);
                }
            }
        }
        return traces;
    }
}
