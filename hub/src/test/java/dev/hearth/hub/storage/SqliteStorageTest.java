package dev.hearth.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.hub.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path folder;

    private int databases;

    @Override
    protected Location freshDatabase() {
        return new Location("jdbc:sqlite:" + folder.resolve("data/hearth-" + ++databases + ".db"), null, null);
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path junk = Files.writeString(folder.resolve("junk.db"), "this is not a database, it is a text file ".repeat(100));
        assertThatThrownBy(() -> Database.open("jdbc:sqlite:" + junk, null, null, 1))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(junk.toString());
    }

    /** Every pooled connection waits for a lock instead of failing at once, and checkpoints the WAL rarely. */
    @ParameterizedTest
    @CsvSource({"busy_timeout, 5000", "wal_autocheckpoint, 10000", "journal_mode, wal", "synchronous, 1"})
    void eachConnectionHasTheHubsSettings(String pragma, String expected) throws Exception {
        for (int i = 0; i < 3; i++) { // more than one connection of the pool, held at once
            try (Connection first = database.connection(); Connection second = database.connection();
                 Statement one = first.createStatement(); Statement two = second.createStatement();
                 ResultSet a = one.executeQuery("PRAGMA " + pragma); ResultSet b = two.executeQuery("PRAGMA " + pragma)) {
                assertThat(a.next() && b.next()).isTrue();
                assertThat(List.of(a.getString(1), b.getString(1))).containsOnly(expected);
            }
        }
    }

    /** SQLite-only: another connection's exclusive lock is a way to hold the writer inside a batch. */
    @Test
    void aStuckWriterFailsItsHealthAndIsReplacedByOneThatTakesTheQueueOn() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T06:00:00Z"));
        StateRepository state = new StateRepository(database);
        HistoryRepository history = new HistoryRepository(database);
        StorageWriter writer = new StorageWriter(database, state, history, Duration.ofDays(7), clock, 100, Duration.ofMinutes(1),
                StorageWriter.DEFAULT_COALESCE);
        try {
            assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue(); // its first retention pass is done
            try (Connection lock = database.connection(); Statement sql = lock.createStatement()) {
                sql.execute("BEGIN EXCLUSIVE");
                writer.offer(new Write.History(new HistoryPoint("a", "x", clock.instant(), JsonNodeFactory.instance.numberNode(1))));
                await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().queued() == 0); // taken: waiting on the lock
                assertThat(writer.health()).isEqualTo(StorageWriter.Health.UP);

                clock.advance(Duration.ofMinutes(2));

                assertThat(writer.health()).isEqualTo(StorageWriter.Health.STUCK);
                assertThat(writer.restartIfDown()).isEqualTo(StorageWriter.Health.STUCK);
                assertThat(writer.health()).isEqualTo(StorageWriter.Health.UP);
                assertThat(writer.stats().restarts()).isEqualTo(1);
                sql.execute("ROLLBACK");
            }
            writer.offer(new Write.History(new HistoryPoint("a", "x", clock.instant(), JsonNodeFactory.instance.numberNode(2))));
            assertThat(writer.awaitWritten(Duration.ofSeconds(20))).isTrue();
            assertThat(history.points("a", "x", clock.instant(), clock.instant().plusSeconds(1), 10))
                    .extracting(point -> point.value().asInt()).contains(2);
            assertThat(writer.restartIfDown()).isEqualTo(StorageWriter.Health.UP);
            assertThat(writer.stats().restarts()).isEqualTo(1);
        } finally {
            writer.close();
        }
    }
}
