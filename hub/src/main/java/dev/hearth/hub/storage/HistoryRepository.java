package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.wire.WireJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What devices reported over time, a row a message: appended in batches, queried by device, attribute and time range. */
public final class HistoryRepository {
    /** A query never returns more rows than this; ask for buckets to see a long range. */
    public static final int MAX_POINTS = 10_000;

    private final Database database;
    private final Dialect dialect;

    public HistoryRepository(Database database) {
        this.database = database;
        this.dialect = database.isSqlite() ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /**
     * A row holds the fields of one message as a JSON object; a query takes one attribute out of
     * each row of the device in range that has it. The attribute is a bound key, never spliced into
     * a JSON path, so any attribute name the wire accepts is read back exactly.
     */
    private enum Dialect {
        // a number's own text comes only by its path (f.value is a double, which would round it)
        SQLITE("SELECT h.ts, CASE f.type WHEN 'text' THEN json_quote(f.value) ELSE h.fields -> f.fullkey END"
                + " FROM history h, json_each(h.fields) f WHERE f.key = ? AND h.device_id = ? AND h.ts >= ? AND h.ts < ?"
                + " ORDER BY h.ts LIMIT ?",
                "SELECT h.ts / ? AS bucket, AVG(f.value), MIN(f.value), MAX(f.value), COUNT(*)"
                + " FROM history h, json_each(h.fields) f WHERE f.key = ? AND h.device_id = ? AND h.ts >= ? AND h.ts < ?"
                + " AND f.type IN ('integer', 'real', 'true', 'false') GROUP BY bucket ORDER BY bucket LIMIT ?"),
        // json, not jsonb: json keeps a number's own text (jsonb would normalise it)
        POSTGRESQL("SELECT h.ts, f.value::text FROM history h, json_each(h.fields::json) f"
                + " WHERE f.key = ? AND h.device_id = ? AND h.ts >= ? AND h.ts < ? ORDER BY h.ts LIMIT ?",
                "SELECT bucket, AVG(v), MIN(v), MAX(v), COUNT(*) FROM ("
                + "SELECT h.ts / ? AS bucket, CASE json_typeof(f.value) WHEN 'number' THEN (f.value #>> '{}')::double precision"
                + " WHEN 'boolean' THEN CASE f.value::text WHEN 'true' THEN 1.0 ELSE 0.0 END END AS v"
                + " FROM history h, json_each(h.fields::json) f WHERE f.key = ? AND h.device_id = ? AND h.ts >= ? AND h.ts < ?"
                + " AND json_typeof(f.value) IN ('number', 'boolean')) points GROUP BY bucket ORDER BY bucket LIMIT ?");

        final String points;
        final String buckets;

        Dialect(String points, String buckets) {
            this.points = points;
            this.buckets = buckets;
        }
    }

    void append(Connection connection, List<Write.History> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO history (device_id, ts, fields) VALUES (?, ?, ?)");
             PreparedStatement keyed = connection.prepareStatement("INSERT INTO history (device_id, ts, fields, event_key)"
                     + " VALUES (?, ?, ?, ?) ON CONFLICT (event_key) WHERE event_key IS NOT NULL DO NOTHING")) {
            for (Write.History row : rows) {
                PreparedStatement statement = row.eventKey().isPresent() ? keyed : insert;
                statement.setString(1, row.deviceId());
                statement.setLong(2, row.at().toEpochMilli());
                statement.setString(3, JsonText.of(row.fields()));
                if (row.eventKey().isPresent()) {
                    statement.setString(4, row.eventKey().get());
                }
                statement.addBatch();
            }
            insert.executeBatch();
            keyed.executeBatch();
        }
    }

    /** Raw points in [from, to), oldest first, at most {@code limit} (1 to {@link #MAX_POINTS}). */
    public List<HistoryPoint> points(String deviceId, String attribute, Instant from, Instant to, int limit) {
        return Sql.inTransaction(database, connection -> {
            List<HistoryPoint> points = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(dialect.points)) {
                select.setString(1, attribute);
                select.setString(2, deviceId);
                select.setLong(3, from.toEpochMilli());
                select.setLong(4, to.toEpochMilli());
                // clamped both ways: SQLite reads a negative LIMIT as no limit at all
                select.setInt(5, Math.max(1, Math.min(limit, MAX_POINTS)));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        points.add(new HistoryPoint(deviceId, attribute, Instant.ofEpochMilli(rows.getLong(1)), parse(rows.getString(2))));
                    }
                }
            }
            return points;
        });
    }

    /** Numeric values (booleans as 1/0) in [from, to) summarised per bucket of the given width, buckets aligned to the epoch. */
    public List<HistoryBucket> buckets(String deviceId, String attribute, Instant from, Instant to, Duration width) {
        long widthMillis = Math.max(1, width.toMillis());
        return Sql.inTransaction(database, connection -> {
            List<HistoryBucket> buckets = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(dialect.buckets)) {
                select.setLong(1, widthMillis);
                select.setString(2, attribute);
                select.setString(3, deviceId);
                select.setLong(4, from.toEpochMilli());
                select.setLong(5, to.toEpochMilli());
                select.setInt(6, MAX_POINTS);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        buckets.add(new HistoryBucket(Instant.ofEpochMilli(rows.getLong(1) * widthMillis),
                                rows.getDouble(2), rows.getDouble(3), rows.getDouble(4), rows.getLong(5)));
                    }
                }
            }
            return buckets;
        });
    }

    /** Deletes what is older than {@code cutoff}; returns how many rows went. */
    public int deleteOlderThan(Instant cutoff) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM history WHERE ts < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return WireJson.mapper().readTree(json);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }
}
