package dev.hearth.hub.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One transaction around a piece of JDBC work, with SQL errors turned into StorageException. */
final class Sql {
    private Sql() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    static <T> T inTransaction(Database database, Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }
}
