package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.KafkaBroker;
import dev.hearth.cluster.TopicSetup;
import dev.hearth.hub.HubFixture;
import dev.hearth.hub.HubProcess;
import dev.hearth.hub.RawMqtt;
import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage and API at cluster scale, through the real parts: a KRaft broker, an embedded PostgreSQL that both hubs
 * share, hub A in this JVM and hub B in its own, a rule worker, and devices that are plain Paho clients. The motion
 * sensor is held by hub A, the light it switches by hub B. Its state, its history and the worker's trace of the rule's
 * run land in PostgreSQL once, written by the hubs' storage sink; and each hub's HTTP API answers for both devices.
 */
class ClusterStorageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = """
            rules:
              - id: hallway-light
                when:
                  - state: motion-1.occupancy
                    to: true
                then:
                  - command: light-1.turn_on
                    timeout: 5s
            """;

    @TempDir
    Path folder;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bothHubsStoreIntoOnePostgresOnceAndEachAnswersForTheOthersDevices() throws Exception {
        Files.createDirectories(folder.resolve("rules"));
        Path rules = Files.writeString(folder.resolve("rules/hallway.yaml"), RULES);
        try (KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"));
             EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE hearth");
            }
            String url = postgres.getJdbcUrl("postgres", "hearth");
            try (Admin admin = kafka.admin()) {
                assertThat(TopicSetup.ensure(admin, ClusterTopics.withPrefix("hearth"), 3))
                        .containsExactly("hearth.events", "hearth.commands", "hearth.traces");
            }
            String shared = """
                    storage: { url: "%s", user: postgres, password: postgres }
                    """.formatted(url);
            Path configA = HearthProcess.writeConfig(folder.resolve("hub-a"), HearthProcess.freePort(), HearthProcess.freePort(),
                    List.of("motion-1"));
            Files.writeString(configA, Files.readString(configA) + shared + cluster(kafka, "hub-a"));
            Path configB = HearthProcess.writeConfig(folder.resolve("hub-b"), 0, 0, List.of("light-1"));
            Files.writeString(configB, Files.readString(configB) + shared + cluster(kafka, "hub-b"));

            try (Worker worker = Worker.start(WorkerSettings.of(kafka.bootstrapServers(), "hearth", rules, folder.resolve("worker")));
                 HubFixture hubA = HubFixture.startFrom(configA);
                 HubProcess hubB = startHub(configB)) {
                Queue<String> lightCommands = new ConcurrentLinkedQueue<>();
                MqttAsyncClient light = RawMqtt.connectAsync("tcp://127.0.0.1:" + hubB.mqttPort, "light-1", "light-1", "light-1-secret");
                RawMqtt.answerEveryCommand(light, 1, lightCommands::add);
                light.subscribe("devices/light-1/commands/#", 1).waitForCompletion(10_000);
                MqttClient motion = RawMqtt.connect(hubA.brokerUri(), "motion-1", "motion-1", "motion-1-secret");
                try {
                    await("the worker runs").atMost(Duration.ofSeconds(60)).until(() -> worker.state() == KafkaStreams.State.RUNNING);
                    report(motion, false);
                    report(light, "{\"on\":false}");
                    // the worker's tasks may start after the first events: the rule fires on the step it sees
                    await("the light, held by hub B, switched on by the rule on the motion hub A holds")
                            .atMost(Duration.ofSeconds(60)).until(() -> {
                                if (lightCommands.isEmpty()) {
                                    report(motion, false);
                                    report(motion, true);
                                    Thread.sleep(500);
                                }
                                return !lightCommands.isEmpty();
                            });

                    await("the trace of the worker's run, in PostgreSQL").atMost(Duration.ofSeconds(30))
                            .until(() -> count(url, "SELECT COUNT(*) FROM rule_traces WHERE rule_id = 'hallway-light'"
                                    + " AND devices LIKE '%,motion-1,%'") >= 1);
                    await("motion-1's history and last state, in PostgreSQL").atMost(Duration.ofSeconds(30))
                            .until(() -> count(url, "SELECT COUNT(*) FROM device_state WHERE device_id = 'motion-1'"
                                    + " AND attribute = 'occupancy' AND value = 'true'") == 1
                                    && count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'light-1'") == 1);
                    long motionEvents = count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'motion-1' AND event_key IS NOT NULL");
                    assertThat(count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'motion-1'"))
                            .as("every row came from the sink, none from the hub itself").isEqualTo(motionEvents)
                            .isGreaterThanOrEqualTo(2);
                    assertThat(count(url, "SELECT COUNT(*) FROM (SELECT event_key FROM history GROUP BY event_key"
                            + " HAVING COUNT(*) > 1) twice")).as("no event stored twice").isZero();

                    // live: hub B's event stream shows what the device on hub A does, and the worker's rule runs
                    List<String> lines = new CopyOnWriteArrayList<>();
                    CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + hubB.httpPort + "/api/events?device=motion-1&access_token="
                                    + hubB.adminToken)).build(), HttpResponse.BodyHandlers.ofLines());
                    Thread reader = new Thread(() -> {
                        try {
                            stream.join().body().forEach(lines::add);
                        } catch (RuntimeException closed) {
                            // the test cancelled the stream
                        }
                    }, "sse-reader");
                    reader.setDaemon(true);
                    reader.start();
                    try {
                        await("hub B streams").atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
                        report(motion, false);
                        report(motion, true);
                        await("hub B's live stream shows motion-1 of hub A, and the worker's run").atMost(Duration.ofSeconds(30))
                                .until(() -> lines.stream().anyMatch(line -> line.startsWith("data:")
                                        && line.contains("\"attribute\":\"occupancy\"") && line.contains("motion-1"))
                                        && lines.stream().anyMatch(line -> line.startsWith("data:") && line.contains("hallway-light")));
                    } finally {
                        stream.cancel(true);
                        reader.interrupt();
                    }
                    long[] seen = {-1};
                    await("the sink stored what the stream showed (the count holds for a poll)").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofSeconds(1)).until(() -> {
                                long now = count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'motion-1'");
                                boolean settled = now == seen[0] && now >= motionEvents + 2;
                                seen[0] = now;
                                return settled;
                            });
                    long motionRows = seen[0];

                    String tokenA = hubA.adminToken;
                    for (Hub hub : List.of(new Hub("A", hubA.hub.httpPort(), tokenA), new Hub("B", hubB.httpPort, hubB.adminToken))) {
                        JsonNode motionDevice = get(hub, "/api/devices/motion-1");
                        assertThat(motionDevice.path("state").path("occupancy").asBoolean()).as("hub %s", hub.name).isTrue();
                        assertThat(motionDevice.path("availability").asText()).as("hub %s", hub.name).isEqualTo("online");
                        JsonNode lightDevice = get(hub, "/api/devices/light-1");
                        assertThat(lightDevice.path("state").path("on").isBoolean()).as("hub %s", hub.name).isTrue();
                        JsonNode history = get(hub, "/api/devices/motion-1/history?attribute=occupancy");
                        assertThat(history.path("points").size()).as("hub %s", hub.name).isEqualTo((int) motionRows);
                        JsonNode traces = get(hub, "/api/traces?device=motion-1");
                        assertThat(traces.size()).as("hub %s", hub.name).isGreaterThanOrEqualTo(1);
                        assertThat(traces.get(0).path("rule").asText()).isEqualTo("hallway-light");
                        assertThat(status(hub, "/api/devices/nobody-1")).as("hub %s", hub.name).isEqualTo(404);
                        JsonNode list = get(hub, "/api/devices");
                        Map<String, String> listed = new TreeMap<>();
                        list.forEach(device -> listed.put(device.path("id").asText(), device.path("availability").asText()));
                        assertThat(listed).as("hub %s lists both hubs' devices", hub.name)
                                .containsExactlyEntriesOf(new TreeMap<>(Map.of("light-1", "online", "motion-1", "online")));
                    }
                    assertThat(count(url, "SELECT COUNT(*) FROM history WHERE device_id = 'motion-1'"))
                            .as("reading added nothing").isEqualTo(motionRows);
                } finally {
                    RawMqtt.closeQuietly(motion);
                    RawMqtt.closeQuietly(light);
                }
            }
        }
    }

    private static HubProcess startHub(Path config) throws Exception {
        try {
            return HubProcess.start(config);
        } catch (RuntimeException e) {
            throw new AssertionError("hub B did not start; its log:\n" + Files.readString(config.resolveSibling("hub.log")), e);
        }
    }

    private record Hub(String name, int port, String token) {
    }

    private static String cluster(KafkaBroker kafka, String hubId) {
        return "cluster: { bootstrap-servers: \"%s\", hub-id: %s, site: home }\n".formatted(kafka.bootstrapServers(), hubId);
    }

    private static void report(MqttClient device, boolean occupied) throws Exception {
        MqttMessage message = new MqttMessage(("{\"occupancy\":" + occupied + "}").getBytes(StandardCharsets.UTF_8), 1, false, null);
        device.publish("devices/motion-1/state", message);
    }

    private static void report(MqttAsyncClient device, String json) throws Exception {
        device.publish("devices/light-1/state", json.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
    }

    private HttpResponse<String> send(Hub hub, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port + path))
                .header("Authorization", "Bearer " + hub.token).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(Hub hub, String path) throws Exception {
        HttpResponse<String> response = send(hub, path);
        assertThat(response.statusCode()).as("hub %s GET %s: %s", hub.name, path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(Hub hub, String path) throws Exception {
        return send(hub, path).statusCode();
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
