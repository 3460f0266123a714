package dev.hearth.hub.storage;

import dev.hearth.hub.security.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** API tokens by the hash of their secret, with a name for people and a role. */
public final class TokenRepository {
    private final Database database;

    public TokenRepository(Database database) {
        this.database = database;
    }

    public record StoredToken(String name, Role role, String tokenHash, Instant createdAt) {
    }

    /** False when a token with this name exists already. */
    public boolean insert(StoredToken token) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM api_tokens WHERE name = ?")) {
                exists.setString(1, token.name());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_tokens (token_hash, name, role, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, token.tokenHash());
                insert.setString(2, token.name());
                insert.setString(3, token.role().wire());
                insert.setLong(4, token.createdAt().toEpochMilli());
                insert.executeUpdate();
            }
            return true;
        });
    }

    public List<StoredToken> list() {
        return Sql.inTransaction(database, connection -> {
            List<StoredToken> tokens = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, role, token_hash, created_at FROM api_tokens ORDER BY name");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Role role = Role.parse(rows.getString(2)).orElse(Role.READ_ONLY);
                    tokens.add(new StoredToken(rows.getString(1), role, rows.getString(3), Instant.ofEpochMilli(rows.getLong(4))));
                }
            }
            return tokens;
        });
    }

    /** False when there is no token of that name. */
    public boolean delete(String name) {
        return Sql.inTransaction(database, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_tokens WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() > 0;
            }
        });
    }
}
