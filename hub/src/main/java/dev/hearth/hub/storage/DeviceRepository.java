package dev.hearth.hub.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The device registry table. Every change bumps the registry version in the same transaction. */
public final class DeviceRepository {
    private final Database database;

    public DeviceRepository(Database database) {
        this.database = database;
    }

    /** False when a device with this id exists already. */
    public boolean insert(StoredDevice device) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM devices WHERE id = ?")) {
                exists.setString(1, device.id());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO devices (id, type, password_hash, enabled, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, device.id());
                insert.setString(2, device.type().orElse(null));
                insert.setString(3, device.passwordHash());
                insert.setBoolean(4, device.enabled());
                insert.setLong(5, device.createdAt().toEpochMilli());
                insert.executeUpdate();
            }
            bumpVersion(connection);
            return true;
        });
    }

    public Optional<StoredDevice> find(String id) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, type, password_hash, enabled, created_at FROM devices WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    public List<StoredDevice> list() {
        return Sql.inTransaction(database, connection -> {
            List<StoredDevice> devices = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, type, password_hash, enabled, created_at FROM devices ORDER BY id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    devices.add(read(rows));
                }
            }
            return devices;
        });
    }

    /** False when there is no such device. */
    public boolean setEnabled(String id, boolean enabled) {
        return update("UPDATE devices SET enabled = ? WHERE id = ?", statement -> statement.setBoolean(1, enabled), id);
    }

    /** False when there is no such device. */
    public boolean setPasswordHash(String id, String passwordHash) {
        return update("UPDATE devices SET password_hash = ? WHERE id = ?", statement -> statement.setString(1, passwordHash), id);
    }

    /** The device, its stored state and status, gone (its history stays until retention removes it); false when there is none. */
    public boolean delete(String id) {
        return Sql.inTransaction(database, connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM devices WHERE id = ?")) {
                delete.setString(1, id);
                deleted = delete.executeUpdate();
            }
            if (deleted == 0) {
                return false;
            }
            for (String table : new String[] {"device_state", "device_status"}) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE device_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            bumpVersion(connection);
            return true;
        });
    }

    /** Changes whenever the registry changes, from this process or another. */
    public long version() {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT version FROM registry_version WHERE id = 1");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private boolean update(String sql, Sql.Binder firstParameter, String id) {
        return Sql.inTransaction(database, connection -> {
            int changed;
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                firstParameter.bind(update);
                update.setString(2, id);
                changed = update.executeUpdate();
            }
            if (changed > 0) {
                bumpVersion(connection);
            }
            return changed > 0;
        });
    }

    private static void bumpVersion(Connection connection) throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement("UPDATE registry_version SET version = version + 1 WHERE id = 1")) {
            bump.executeUpdate();
        }
    }

    private static StoredDevice read(ResultSet rows) throws SQLException {
        return new StoredDevice(rows.getString("id"), Optional.ofNullable(rows.getString("type")),
                rows.getString("password_hash"), rows.getBoolean("enabled"), Instant.ofEpochMilli(rows.getLong("created_at")));
    }
}
