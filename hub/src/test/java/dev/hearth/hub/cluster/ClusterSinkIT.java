package dev.hearth.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterJson;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.KafkaBroker;
import dev.hearth.cluster.TraceJson;
import dev.hearth.hub.storage.Database;
import dev.hearth.hub.storage.HistoryRepository;
import dev.hearth.hub.storage.RowCommit;
import dev.hearth.hub.storage.SqlTraceStore;
import dev.hearth.hub.storage.StateRepository;
import dev.hearth.rules.Causation;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.Trace;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage sink on a real Kafka and a real PostgreSQL: the cluster's events and traces become the rows a single hub
 * writes; a record read again (a sink of another group replays the topics into the same database) adds none; a
 * malformed record is skipped and counted; while PostgreSQL is down the sink holds its rows and says so, and stores
 * them once it is back.
 */
class ClusterSinkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-03-01T07:00:00Z");

    @TempDir
    static Path dir;
    private static KafkaBroker kafka;
    private static EmbeddedPostgres postgres;
    private static int postgresPort;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60)); // a Kafka on a busy machine
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        try (ServerSocket socket = new ServerSocket(0)) {
            postgresPort = socket.getLocalPort();
        }
        postgres = startPostgres();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(false).start();
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        postgres.close();
        kafka.close();
        Awaitility.reset();
    }

    private static String newDatabase(String name) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    private static Database open(String url) {
        return Database.open(url, "postgres", "postgres", 4);
    }

    private static RowCommit rows(Database database) {
        return new RowCommit(database, new StateRepository(database), new HistoryRepository(database));
    }

    private static void send(String topic, String site, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, site, value)).get();
    }

    private static void send(ClusterTopics topics, ClusterEvent event) throws Exception {
        send(topics.events(), event.site(), ClusterJson.write(event));
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String text(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static Trace trace(String runId, String device) {
        return new Trace(runId, "hall-light", "motion-1.occupancy -> true", JSON.createObjectNode(), new Causation("c-" + runId, 0),
                AT, AT.plusMillis(5), RunOutcome.COMPLETED, "", List.of(), Set.of(device));
    }

    @Test
    void twoHubsOpeningOneNewDatabaseAtOnceBothGetTheSchema() throws Exception {
        String url = newDatabase("race");
        ExecutorService hubs = Executors.newFixedThreadPool(2);
        try {
            Callable<Database> opening = () -> open(url);
            List<Future<Database>> opened = new ArrayList<>(List.of(hubs.submit(opening), hubs.submit(opening)));
            for (Future<Database> database : opened) {
                database.get().close(); // neither threw: Flyway's lock lets one migrate while the other waits
            }
            assertThat(count(url, "SELECT COUNT(*) FROM flyway_schema_history WHERE success")).isEqualTo(5);
        } finally {
            hubs.shutdownNow();
        }
    }

    @Test
    void eventsAndTracesBecomeRowsOnceEvenWhenReadAgainAndMalformedRecordsAreSkipped() throws Exception {
        ClusterTopics topics = ClusterTopics.withPrefix("sink1");
        kafka.createTopics(3, topics.all().toArray(String[]::new));
        String url = newDatabase("sink1");
        send(topics, new ClusterEvent.StateChanged("home", "hub-a", "motion-1", AT, "occupancy", Optional.empty(),
                JSON.readTree("true"), Causation.EXTERNAL));
        send(topics, new ClusterEvent.TelemetryReceived("home", "hub-a", "thermo-1", AT, json("{\"temp\":21.5}")));
        send(topics, new ClusterEvent.MetaDescribed("home", "hub-a", "thermo-1", AT, json("{\"model\":\"T1\"}")));
        send(topics, new ClusterEvent.AvailabilityChanged("flat", "hub-b", "lamp-1", AT, false));
        send(topics.events(), "home", "{\"v\":1,\"type\":\"state\"}".getBytes(StandardCharsets.UTF_8));
        send(topics.traces(), "home", "{\"runId\":\"r-bad\"}".getBytes(StandardCharsets.UTF_8));
        send(topics.traces(), "home", TraceJson.bytes(trace("r-1", "motion-1")));
        send(topics, new ClusterEvent.StateChanged("home", "hub-a", "motion-1", AT.plusSeconds(1), "occupancy",
                Optional.of(JSON.readTree("true")), JSON.readTree("false"), Causation.EXTERNAL));

        try (Database database = open(url);
             ClusterSink sink = new ClusterSink(kafka.bootstrapServers(), "sink1-sink", topics, rows(database))) {
            await().until(() -> sink.stored() == 8);
            assertThat(sink.malformed()).isEqualTo(2);
        }
        assertRows(url);

        // another group reads every record again into the same database: at-least-once delivery at its worst
        try (Database database = open(url);
             ClusterSink replay = new ClusterSink(kafka.bootstrapServers(), "sink1-replay", topics, rows(database))) {
            await().until(() -> replay.stored() == 8);
        }
        assertRows(url);
    }

    private static void assertRows(String url) throws Exception {
        assertThat(count(url, "SELECT COUNT(*) FROM history")).isEqualTo(3);
        assertThat(count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'motion-1'")).isEqualTo(2);
        assertThat(text(url, "SELECT fields FROM history WHERE device_id = 'thermo-1'")).isEqualTo("{\"temp\":21.5}");
        assertThat(text(url, "SELECT value FROM device_state WHERE device_id = 'motion-1' AND attribute = 'occupancy'"))
                .isEqualTo("false");
        assertThat(text(url, "SELECT meta FROM device_status WHERE device_id = 'thermo-1'")).isEqualTo("{\"model\":\"T1\"}");
        assertThat(text(url, "SELECT availability FROM device_status WHERE device_id = 'lamp-1'")).isEqualTo("offline");
        assertThat(count(url, "SELECT COUNT(*) FROM rule_traces")).isEqualTo(1);
        try (Database database = open(url)) {
            assertThat(new SqlTraceStore(database, null).byDevice("motion-1", 10)).extracting(Trace::runId).containsExactly("r-1");
        }
    }

    @Test
    void whilePostgresIsDownTheSinkHoldsItsRowsAndSaysSoThenStoresThemAll() throws Exception {
        ClusterTopics topics = ClusterTopics.withPrefix("sink2");
        kafka.createTopics(3, topics.all().toArray(String[]::new));
        String url = newDatabase("sink2");
        try (Database database = open(url);
             ClusterSink sink = new ClusterSink(kafka.bootstrapServers(), "sink2-sink", topics, rows(database))) {
            send(topics, new ClusterEvent.TelemetryReceived("home", "hub-a", "thermo-1", AT, json("{\"temp\":1}")));
            await().until(() -> sink.stored() == 1);
            postgres.close();
            try {
                for (int i = 2; i <= 50; i++) {
                    send(topics, new ClusterEvent.TelemetryReceived("home", "hub-a", "thermo-1", AT.plusSeconds(i),
                            json("{\"temp\":" + i + "}")));
                }
                await().until(() -> sink.problem().isPresent());
                System.out.println("sink while PostgreSQL is down: " + sink.problem().get() + ", retries " + sink.retries());
                assertThat(sink.stored()).isLessThan(50);
            } finally {
                postgres = startPostgres();
            }
            await().until(() -> sink.stored() == 50);
            assertThat(sink.problem()).isEmpty();
        }
        assertThat(count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'thermo-1'")).isEqualTo(50);
        assertThat(count(url, "SELECT COUNT(DISTINCT fields) FROM history")).isEqualTo(50);
    }
}
