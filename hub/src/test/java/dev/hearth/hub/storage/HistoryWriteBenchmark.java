package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints history write throughput (rows/s) through the storage writer, on SQLite and on
 * PostgreSQL. Not a test: run it by hand (command in the README's "Measured" section).
 */
public final class HistoryWriteBenchmark {
    private static final int ROWS = 200_000;

    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory("hearth-bench");
        try (Database sqlite = Database.open("jdbc:sqlite:" + folder.resolve("bench.db"), null, null, 4)) {
            report("SQLite (WAL, synchronous=NORMAL)", sqlite);
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Database pg = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4)) {
            report("PostgreSQL 14 (embedded, local)", pg);
        }
    }

    private static void report(String name, Database database) throws InterruptedException {
        StorageWriter writer = new StorageWriter(database, new StateRepository(database), new HistoryRepository(database),
                Duration.ofDays(7), Clock.systemUTC(), ROWS);
        Instant t0 = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < ROWS; i++) {
            writer.offer(new Write.History(new HistoryPoint("device-" + (i % 100), "temp", t0.plusMillis(i),
                    JsonNodeFactory.instance.numberNode(20 + (i % 50) / 10.0))));
        }
        if (!writer.awaitWritten(Duration.ofMinutes(5))) {
            throw new IllegalStateException("not written within 5 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-36s %,d rows in %.2f s = %,.0f rows/s (dropped %d)%n", name, ROWS, seconds, ROWS / seconds,
                writer.stats().dropped());
        writer.close();
    }
}
