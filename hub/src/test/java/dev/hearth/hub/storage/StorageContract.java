package dev.hearth.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same behaviour on every database the hub supports; subclasses say which database. */
abstract class StorageContract {
    private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    protected Database database;
    private StorageWriter writer;
    private StateRepository state;
    private HistoryRepository history;

    /** Where a fresh, empty database is. */
    protected abstract Location freshDatabase() throws Exception;

    protected record Location(String url, String user, String password) {
    }

    @BeforeEach
    void open() throws Exception {
        Location fresh = freshDatabase();
        database = Database.open(fresh.url(), fresh.user(), fresh.password(), 4);
        state = new StateRepository(database);
        history = new HistoryRepository(database);
        writer = new StorageWriter(database, state, history, Duration.ofDays(7),
                Clock.fixed(T0, ZoneOffset.UTC), 10_000);
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        database.close();
    }

    @Test
    void registryKeepsDevicesAndCountsChanges() {
        DeviceRepository devices = new DeviceRepository(database);
        long before = devices.version();
        assertThat(devices.insert(new StoredDevice("lamp-1", Optional.of("lamp"), "sha256:00", true, T0))).isTrue();
        assertThat(devices.insert(new StoredDevice("lamp-1", Optional.empty(), "sha256:11", true, T0))).isFalse();
        assertThat(devices.setEnabled("lamp-1", false)).isTrue();
        assertThat(devices.setPasswordHash("lamp-1", "sha256:22")).isTrue();
        assertThat(devices.setEnabled("nobody", false)).isFalse();

        assertThat(devices.find("lamp-1")).hasValue(new StoredDevice("lamp-1", Optional.of("lamp"), "sha256:22", false, T0));
        assertThat(devices.list()).extracting(StoredDevice::id).containsExactly("lamp-1");
        assertThat(devices.version()).isEqualTo(before + 3);
    }

    @Test
    void latestStateAndStatusAreRestoredAfterARestart() throws Exception {
        ObjectNode meta = JSON.objectNode().put("type", "thermostat");
        writer.offer(new Write.LatestState("thermo-1", "temp", Optional.of(JSON.numberNode(20.5)), T0));
        writer.offer(new Write.LatestState("thermo-1", "temp", Optional.of(JSON.numberNode(21)), T0.plusSeconds(1)));
        writer.offer(new Write.LatestState("thermo-1", "mode", Optional.of(JSON.textNode("heat")), T0));
        writer.offer(new Write.LatestState("thermo-1", "mode", Optional.empty(), T0.plusSeconds(2)));
        writer.offer(new Write.Status("thermo-1", "online", T0.plusSeconds(3), Optional.of(meta)));
        writer.offer(new Write.Status("thermo-1", "offline", T0.plusSeconds(4), Optional.empty()));
        assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();

        List<RestoredDevice> restored = new StateRepository(database).restore();
        assertThat(restored).singleElement().satisfies(device -> {
            assertThat(device.id()).isEqualTo("thermo-1");
            assertThat(device.reported()).isEqualTo(JSON.objectNode().put("temp", 21));
            assertThat(device.updatedAt()).containsEntry("temp", T0.plusSeconds(1));
            assertThat(device.lastSeen()).contains(T0.plusSeconds(4));
            assertThat(device.meta()).as("a status without meta keeps the stored meta").contains(meta);
        });
    }

    @Test
    void historyIsQueriedByRangeAndDownsampled() throws Exception {
        for (int minute = 0; minute < 10; minute++) {
            writer.offer(new Write.History(new HistoryPoint("thermo-1", "temp", T0.plus(Duration.ofMinutes(minute)),
                    JSON.numberNode(20 + minute))));
        }
        writer.offer(new Write.History(new HistoryPoint("thermo-1", "mode", T0, JSON.textNode("heat"))));
        assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();

        List<HistoryPoint> points = history.points("thermo-1", "temp", T0.plus(Duration.ofMinutes(2)),
                T0.plus(Duration.ofMinutes(5)), 100);
        assertThat(points).extracting(point -> point.value().asInt()).containsExactly(22, 23, 24);

        List<HistoryBucket> buckets = history.buckets("thermo-1", "temp", T0, T0.plus(Duration.ofHours(1)), Duration.ofMinutes(5));
        assertThat(buckets).containsExactly(
                new HistoryBucket(T0, 22, 20, 24, 5),
                new HistoryBucket(T0.plus(Duration.ofMinutes(5)), 27, 25, 29, 5));
        assertThat(history.points("thermo-1", "temp", T0, T0.plus(Duration.ofHours(1)), -1))
                .as("a negative limit is no way round the cap").hasSize(1);
        assertThat(history.points("thermo-1", "mode", T0, T0.plusSeconds(1), 10))
                .singleElement().satisfies(point -> assertThat(point.value().asText()).isEqualTo("heat"));
        assertThat(history.buckets("thermo-1", "mode", T0, T0.plusSeconds(1), Duration.ofMinutes(1)))
                .as("text values have no average").isEmpty();
    }

    @Test
    void aRowOfManyFieldsIsReadBackOneAttributeAtATimeExactly() throws Exception {
        ObjectNode first = JSON.objectNode().put("temperature", 0.30000000000000004).put("unit", "celsius")
                .put("big", 12345678901234567890.0).put("open", true).put("a.b", 7).put("say \"hi\"", "it's").put("n", 1);
        first.set("nested", JSON.objectNode().set("k", JSON.arrayNode().add(1).add("two")));
        writer.offer(new Write.History("sensor-1", T0, first));
        writer.offer(new Write.History("sensor-1", T0.plusSeconds(1), JSON.objectNode().put("open", false).put("n", 3)));
        writer.offer(new Write.History("sensor-2", T0, JSON.objectNode().put("n", 100)));
        assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();
        Instant end = T0.plusSeconds(10);

        for (String attribute : List.of("temperature", "unit", "big", "a.b", "say \"hi\"", "nested")) {
            assertThat(history.points("sensor-1", attribute, T0, end, 10)).as(attribute)
                    .singleElement().satisfies(point -> assertThat(point.value()).isEqualTo(first.get(attribute)));
        }
        assertThat(history.points("sensor-1", "open", T0, end, 10)).extracting(HistoryPoint::value)
                .containsExactly(JSON.booleanNode(true), JSON.booleanNode(false));
        assertThat(history.points("sensor-1", "n", T0, end, 1)).as("the limit counts the attribute's points")
                .extracting(point -> point.value().asInt()).containsExactly(1);
        assertThat(history.points("sensor-1", "absent", T0, end, 10)).isEmpty();
        assertThat(history.buckets("sensor-1", "n", T0, end, Duration.ofMinutes(1)))
                .as("another device's rows are not in it").containsExactly(new HistoryBucket(T0, 2, 1, 3, 2));
        assertThat(history.buckets("sensor-1", "open", T0, end, Duration.ofMinutes(1)))
                .as("booleans average as 1 and 0").containsExactly(new HistoryBucket(T0, 0.5, 0, 1, 2));
    }

    @Test
    void historyStoredAFieldARowBeforeVersion4IsReadAfterTheUpgrade() throws Exception {
        Location old = freshDatabase();
        Flyway.configure().dataSource(old.url(), old.user(), old.password()).locations("classpath:db/migration")
                .target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(old.url(), old.user(), old.password());
             Statement insert = connection.createStatement()) {
            long t0 = T0.toEpochMilli();
            insert.executeUpdate("INSERT INTO history (device_id, attribute, ts, num_value, value) VALUES "
                    + "('bed-1', 'occupant', " + t0 + ", NULL, '\"awake\"'), ('thermo-1', 'temp', " + t0 + ", 20.5, '20.5'), "
                    + "('thermo-1', 'temp', " + (t0 + 60_000) + ", 21.5, '21.5'), ('thermo-1', 'on', " + t0 + ", 1, 'true')");
        }
        try (Database upgraded = Database.open(old.url(), old.user(), old.password(), 2)) {
            HistoryRepository history = new HistoryRepository(upgraded);
            Instant end = T0.plus(Duration.ofHours(1));
            assertThat(history.points("bed-1", "occupant", T0, end, 10)).extracting(point -> point.value().asText())
                    .containsExactly("awake");
            assertThat(history.points("thermo-1", "temp", T0, end, 10)).extracting(point -> point.value().asDouble())
                    .containsExactly(20.5, 21.5);
            assertThat(history.points("thermo-1", "on", T0, end, 10)).extracting(HistoryPoint::value)
                    .containsExactly(JSON.booleanNode(true));
            assertThat(history.deleteOlderThan(T0.plusSeconds(1))).as("each old row moved over as one").isEqualTo(3);
        }
    }

    @Test
    void retentionDeletesOldPoints() throws Exception {
        writer.offer(new Write.History(new HistoryPoint("a", "x", T0.minus(Duration.ofDays(6)), JSON.numberNode(1))));
        writer.offer(new Write.History(new HistoryPoint("a", "x", T0, JSON.numberNode(2))));
        assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(history.deleteOlderThan(T0.minus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(history.points("a", "x", T0.minus(Duration.ofDays(30)), T0.plusSeconds(1), 10))
                .extracting(point -> point.value().asInt()).containsExactly(2);
    }

    @Test
    void writesNobodyWaitsForShareOneCommitWithinTheCoalescingTime() throws Exception {
        StorageWriter patient = new StorageWriter(database, state, history, Duration.ofDays(7), Clock.fixed(T0, ZoneOffset.UTC),
                10_000, Duration.ofMinutes(1), Duration.ofSeconds(2));
        try {
            assertThat(patient.awaitWritten(Duration.ofSeconds(10))).isTrue();
            long before = patient.stats().batches();
            for (int i = 0; i < 5; i++) {
                patient.offer(new Write.History(new HistoryPoint("a", "x", T0.plusMillis(i), JSON.numberNode(i))));
                TimeUnit.MILLISECONDS.sleep(20); // each alone would be a batch of its own without coalescing
            }
            assertThat(patient.awaitWritten(Duration.ofSeconds(10))).isTrue();
            assertThat(patient.stats().batches() - before).isEqualTo(1);
            assertThat(history.points("a", "x", T0, T0.plusSeconds(1), 10)).hasSize(5);
        } finally {
            patient.close();
        }
    }

    @Test
    void aMessageSomeoneWaitsForIsCommittedAtOnceWithWhatWaitsBesideIt() throws Exception {
        StorageWriter patient = new StorageWriter(database, state, history, Duration.ofDays(7), Clock.fixed(T0, ZoneOffset.UTC),
                10_000, Duration.ofMinutes(1), Duration.ofMinutes(5));
        try {
            patient.offer(new Write.History(new HistoryPoint("a", "x", T0, JSON.numberNode(1))));
            CompletableFuture<Boolean> stored = patient.offerTogether(List.of(
                    new Write.History(new HistoryPoint("a", "y", T0, JSON.numberNode(2)))));

            assertThat(stored.get(30, TimeUnit.SECONDS)).as("not held for the 5 minutes QoS 0 writes may wait").isTrue();
            assertThat(history.points("a", "x", T0, T0.plusSeconds(1), 10)).as("committed with it").hasSize(1);
            assertThat(history.points("a", "y", T0, T0.plusSeconds(1), 10)).hasSize(1);
        } finally {
            patient.close();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        StorageWriter tiny = new StorageWriter(database, state, history, Duration.ofDays(7), Clock.systemUTC(), 1);
        try {
            int accepted = 0;
            for (int i = 0; i < 1_000; i++) {
                accepted += tiny.offer(new Write.History(new HistoryPoint("a", "x", T0.plusMillis(i), JSON.numberNode(i)))) ? 1 : 0;
            }
            assertThat(tiny.awaitWritten(Duration.ofSeconds(10))).isTrue();
            assertThat(tiny.stats().dropped()).isEqualTo(1_000 - accepted).isPositive();
            assertThat(tiny.stats().written()).isEqualTo(accepted);
        } finally {
            tiny.close();
        }
    }

    @Test
    void aMessagesWritesOfferedTogetherAreReportedStoredOnlyOnceTheyAreReadable() throws Exception {
        CompletableFuture<Boolean> stored = writer.offerTogether(List.of(
                new Write.History(new HistoryPoint("bed-1", "occupant", T0, JSON.textNode("awake"))),
                new Write.LatestState("bed-1", "occupant", Optional.of(JSON.textNode("awake")), T0)));

        assertThat(stored.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(history.points("bed-1", "occupant", T0, T0.plusSeconds(1), 10)).hasSize(1);
        assertThat(state.restore()).singleElement()
                .satisfies(device -> assertThat(device.reported()).isEqualTo(JSON.objectNode().put("occupant", "awake")));
        assertThat(writer.stats().written()).isEqualTo(2);
        assertThat(writer.offerTogether(List.of()).get()).as("nothing to store: nothing to wait for").isTrue();
    }

    @Test
    void writesOfferedTogetherThatCannotBeQueuedAreReportedNotStored() throws Exception {
        writer.close();
        CompletableFuture<Boolean> stored = writer.offerTogether(
                List.of(new Write.History(new HistoryPoint("bed-1", "occupant", T0, JSON.textNode("awake")))));
        assertThat(stored.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(writer.stats().dropped()).isEqualTo(1);
    }

    @Test
    void writesOfferedTogetherInAFailedBatchAreReportedNotStored() throws Exception {
        database.close();
        CompletableFuture<Boolean> stored = writer.offerTogether(
                List.of(new Write.History(new HistoryPoint("bed-1", "occupant", T0, JSON.textNode("awake")))));
        assertThat(stored.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(writer.stats().failed()).isEqualTo(1);
    }

    @Test
    void aWriteThatFailsLosesOnlyItselfNotTheRestOfItsBatchNorTheWriter() throws Exception {
        // Instant.MAX has no epoch milliseconds: the history insert throws inside the transaction.
        HistoryPoint poison = new HistoryPoint("a", "x", Instant.MAX, JSON.numberNode(-1));
        List<Write> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) { // keeps the writer busy while the rest queues up behind it, as one batch
            many.add(new Write.History(new HistoryPoint("b", "y", T0.plusMillis(i), JSON.numberNode(i))));
        }
        CompletableFuture<Boolean> big = writer.offerTogether(many);
        for (int i = 0; i < 100; i++) {
            writer.offer(new Write.History(new HistoryPoint("a", "x", T0.plusMillis(i), JSON.numberNode(i))));
            if (i == 50) {
                writer.offer(new Write.History(poison));
            }
        }
        CompletableFuture<Boolean> poisonedMessage = writer.offerTogether(List.of(
                new Write.LatestState("a", "x", Optional.of(JSON.numberNode(7)), T0), new Write.History(poison)));
        CompletableFuture<Boolean> goodMessage = writer.offerTogether(
                List.of(new Write.History(new HistoryPoint("a", "x", T0.plusSeconds(1), JSON.numberNode(100)))));

        assertThat(writer.awaitWritten(Duration.ofSeconds(20))).as("the writer carries on").isTrue();
        assertThat(big.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(goodMessage.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(poisonedMessage.get(10, TimeUnit.SECONDS)).as("a message is stored whole or not at all").isFalse();
        assertThat(history.points("a", "x", T0, T0.plusSeconds(2), 1_000)).hasSize(101);
        assertThat(state.restore()).as("the poisoned message's state write went with it").isEmpty();
        assertThat(writer.stats().failed()).isEqualTo(3);
        assertThat(writer.stats().written()).isEqualTo(2_101);
        assertThat(writer.health()).isEqualTo(StorageWriter.Health.UP);

        writer.offer(new Write.History(new HistoryPoint("a", "x", T0.plusSeconds(5), JSON.numberNode(5))));
        assertThat(writer.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(history.points("a", "x", T0.plusSeconds(5), T0.plusSeconds(6), 10)).hasSize(1);
    }
}
