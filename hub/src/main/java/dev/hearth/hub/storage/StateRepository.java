package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The latest reported state and status of every device: written in batches, read once at start. */
public final class StateRepository {
    private final Database database;

    public StateRepository(Database database) {
        this.database = database;
    }

    /** What the hub knew when it stopped, so rules start from the last known state. */
    public List<RestoredDevice> restore() {
        return restore(Optional.empty());
    }

    /** What is stored of one device (in cluster mode, maybe of a device another hub holds). */
    public Optional<RestoredDevice> restore(String deviceId) {
        return restore(Optional.of(deviceId)).stream().findFirst();
    }

    /** The availability the device's hub last stored for it ({@code online}, {@code offline}), if any. */
    public Optional<String> availability(String deviceId) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT availability FROM device_status WHERE device_id = ?")) {
                select.setString(1, deviceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Every device's availability as its hub last stored it, by device id. */
    public Map<String, String> availabilities() {
        return Sql.inTransaction(database, connection -> {
            Map<String, String> availability = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT device_id, availability FROM device_status WHERE availability IS NOT NULL");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    availability.put(rows.getString(1), rows.getString(2));
                }
            }
            return availability;
        });
    }

    private List<RestoredDevice> restore(Optional<String> only) {
        String where = only.isPresent() ? " WHERE device_id = ?" : "";
        return Sql.inTransaction(database, connection -> {
            Map<String, RestoredDevice.Builder> devices = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT device_id, attribute, value, updated_at FROM device_state" + where + " ORDER BY device_id");
                 ResultSet rows = bind(select, only).executeQuery()) {
                while (rows.next()) {
                    devices.computeIfAbsent(rows.getString(1), RestoredDevice.Builder::new)
                            .attribute(rows.getString(2), parse(rows.getString(3)), Instant.ofEpochMilli(rows.getLong(4)));
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT device_id, last_seen, meta FROM device_status" + where);
                 ResultSet rows = bind(select, only).executeQuery()) {
                while (rows.next()) {
                    long lastSeen = rows.getLong(2);
                    Optional<Instant> seen = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastSeen));
                    String meta = rows.getString(3);
                    devices.computeIfAbsent(rows.getString(1), RestoredDevice.Builder::new)
                            .status(seen, meta == null ? Optional.empty() : Optional.of((ObjectNode) parse(meta)));
                }
            }
            List<RestoredDevice> restored = new ArrayList<>();
            devices.values().forEach(builder -> restored.add(builder.build()));
            return restored;
        });
    }

    private static PreparedStatement bind(PreparedStatement select, Optional<String> deviceId) throws SQLException {
        if (deviceId.isPresent()) {
            select.setString(1, deviceId.get());
        }
        return select;
    }

    void upsertLatest(Connection connection, List<Write.LatestState> writes) throws SQLException {
        Map<String, Write.LatestState> lastPerAttribute = new HashMap<>();
        writes.forEach(write -> lastPerAttribute.put(write.deviceId() + "\u0000" + write.attribute(), write));
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO device_state (device_id, attribute, value, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (device_id, attribute) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM device_state WHERE device_id = ? AND attribute = ?")) {
            for (Write.LatestState write : lastPerAttribute.values()) {
                if (write.value().isPresent()) {
                    upsert.setString(1, write.deviceId());
                    upsert.setString(2, write.attribute());
                    upsert.setString(3, JsonText.of(write.value().get()));
                    upsert.setLong(4, write.at().toEpochMilli());
                    upsert.addBatch();
                } else {
                    delete.setString(1, write.deviceId());
                    delete.setString(2, write.attribute());
                    delete.addBatch();
                }
            }
            upsert.executeBatch();
            delete.executeBatch();
        }
    }

    void upsertStatus(Connection connection, List<Write.Status> writes) throws SQLException {
        // the last status per device wins, but a meta seen earlier in the batch is kept
        Map<String, Write.Status> lastPerDevice = new HashMap<>();
        writes.forEach(write -> lastPerDevice.merge(write.deviceId(), write, (earlier, later) -> later.meta().isPresent()
                ? later : new Write.Status(later.deviceId(), later.availability(), later.lastSeen(), earlier.meta())));
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO device_status (device_id, availability, last_seen, meta) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (device_id) DO UPDATE SET availability = excluded.availability, "
                        + "last_seen = excluded.last_seen, meta = COALESCE(excluded.meta, device_status.meta)")) {
            for (Write.Status write : lastPerDevice.values()) {
                upsert.setString(1, write.deviceId());
                upsert.setString(2, write.availability());
                upsert.setLong(3, write.lastSeen().toEpochMilli());
                upsert.setString(4, write.meta().map(Object::toString).orElse(null));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return WireJson.mapper().readTree(json);
        } catch (IOException e) {
            // Written by us as JSON; a damaged row must not stop the hub from starting.
            return JsonNodeFactory.instance.textNode(json);
        }
    }
}
