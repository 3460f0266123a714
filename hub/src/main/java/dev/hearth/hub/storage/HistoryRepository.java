package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.wire.WireJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Attribute values over time: appended in batches, queried by device, attribute and time range. */
public final class HistoryRepository {
    /** A query never returns more rows than this; ask for buckets to see a long range. */
    public static final int MAX_POINTS = 10_000;

    private final Database database;

    public HistoryRepository(Database database) {
        this.database = database;
    }

    void append(Connection connection, List<HistoryPoint> points) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO history (device_id, attribute, ts, num_value, value) VALUES (?, ?, ?, ?, ?)")) {
            for (HistoryPoint point : points) {
                insert.setString(1, point.deviceId());
                insert.setString(2, point.attribute());
                insert.setLong(3, point.at().toEpochMilli());
                OptionalDouble numeric = point.numeric();
                if (numeric.isPresent()) {
                    insert.setDouble(4, numeric.getAsDouble());
                } else {
                    insert.setNull(4, Types.DOUBLE);
                }
                insert.setString(5, JsonText.of(point.value()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Raw points in [from, to), oldest first, at most {@code limit} (1 to {@link #MAX_POINTS}). */
    public List<HistoryPoint> points(String deviceId, String attribute, Instant from, Instant to, int limit) {
        return Sql.inTransaction(database, connection -> {
            List<HistoryPoint> points = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT ts, value FROM history WHERE device_id = ? AND attribute = ? AND ts >= ? AND ts < ? "
                            + "ORDER BY ts LIMIT ?")) {
                select.setString(1, deviceId);
                select.setString(2, attribute);
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

    /** Numeric values in [from, to) summarised per bucket of the given width, buckets aligned to the epoch. */
    public List<HistoryBucket> buckets(String deviceId, String attribute, Instant from, Instant to, Duration width) {
        long widthMillis = Math.max(1, width.toMillis());
        return Sql.inTransaction(database, connection -> {
            List<HistoryBucket> buckets = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT bucket, AVG(num_value), MIN(num_value), MAX(num_value), COUNT(*) FROM ("
                            + "SELECT ts / ? AS bucket, num_value FROM history "
                            + "WHERE device_id = ? AND attribute = ? AND ts >= ? AND ts < ? AND num_value IS NOT NULL"
                            + ") points GROUP BY bucket ORDER BY bucket LIMIT ?")) {
                select.setLong(1, widthMillis);
                select.setString(2, deviceId);
                select.setString(3, attribute);
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
