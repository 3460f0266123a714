package dev.hearth.hub.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The hub's database: a pooled DataSource on SQLite or PostgreSQL, migrated to the current schema. */
public final class Database implements AutoCloseable {
    static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;
    private final HikariDataSource dataSource;
    private final boolean sqlite;

    private Database(HikariDataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
    }

    public static Database open(String url, String user, String password, int poolSize) {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        if (sqlite) {
            SqliteNative.prepare();
            createParentFolder(url.substring("jdbc:sqlite:".length()));
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("hearth-db");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        if (sqlite) {
            // WAL lets the HTTP API read while the history writer writes; the CLI may write too.
            config.addDataSourceProperty("busy_timeout", "5000");
            // A checkpoint copies every page changed since the last one back into the database and
            // syncs both files: at the default (every 1,000 pages, 4 MiB) the history's hot pages were
            // copied and synced many times a second under load. 10,000 pages (about 40 MiB of WAL) copies
            // each hot page once per checkpoint, and is rewritten in place after it.
            config.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            // History from many devices lands on as many pages of the by-device index: keep them cached (16 MiB).
            config.addDataSourceProperty("cache_size", "-16384");
            config.addDataSourceProperty("foreign_keys", "true");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the database " + redacted(url) + ": " + rootMessage(e), e);
        }
        try {
            // the migrations both databases share, then those written for each (JSON functions differ)
            String ownMigrations = "classpath:db/migration-" + (sqlite ? "sqlite" : "postgresql");
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", ownMigrations).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("cannot migrate the database " + redacted(url) + ": " + rootMessage(e), e);
        }
        return new Database(dataSource, sqlite);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void createParentFolder(String file) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StorageException("cannot create the folder " + parent + " for the database: " + e.getMessage(), e);
        }
    }

    private static String redacted(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
