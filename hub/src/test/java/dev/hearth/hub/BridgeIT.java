package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Hearth as a client of a broker the user already runs: a real Mosquitto started by the test, with Zigbee2MQTT and a
 * Tasmota plug on it (Paho MQTT 3.1.1 clients logging in to Mosquitto with their own users, as the real ones do), and
 * a hub whose hearth.yml lists that broker under {@code bridges:}. The devices behind it are Hearth devices like any:
 * a rule on the Zigbee motion sensor switches the Zigbee lamp and the plug through that broker. When the broker goes
 * away, they go offline and commands wait; when it is back, each waiting command arrives once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the broker's restart last: the others read the recent commands
class BridgeIT {
    static final String HEARTH_PASSWORD = "hearth-on-mosquitto";
    static final Map<String, String> USERS = Map.of("hearth", HEARTH_PASSWORD, "z2m", "z2m-secret",
            TasmotaIT.PLUG, TasmotaIT.PLUG_PASSWORD);
    private Mosquitto mosquitto;
    private HubFixture hub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The bridges: section of the hubs here: Mosquitto's port, and the password line given. */
    static String bridges(int port, String passwordLine) {
        return """
                bridges:
                  - id: home
                    url: mqtt://127.0.0.1:%d
                    username: hearth
                    %s
                    devices:
                      - { id: z2m, protocol: zigbee2mqtt }
                      - { id: plug-1, protocol: tasmota, topic: %s }
                """.formatted(port, passwordLine, TasmotaIT.TOPIC);
    }

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        mosquitto = Mosquitto.start(folder.resolve("mosquitto"), USERS, "");
        Path hubFolder = Files.createDirectories(folder.resolve("hub"));
        Files.writeString(hubFolder.resolve("bridge-password"), HEARTH_PASSWORD + "\n");
        try {
            hub = HubFixture.startWithDevices(hubFolder, Zigbee2mqttIT.RULES, "", bridges(mosquitto.port, "password-file: bridge-password"));
        } catch (Exception e) {
            mosquitto.close();
            throw e;
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            mosquitto.close();
        }
    }

    /** Zigbee2MQTT on the user's Mosquitto, as it starts; Hearth has its devices once it has read its list there. */
    private NativeClient zigbee2mqtt(String clientId, boolean cleanSession) throws Exception {
        NativeClient bridge = PlayedDevices.zigbee2mqtt(mosquitto.uri(), clientId, "z2m", "z2m-secret", cleanSession,
                Zigbee2mqttIT.DEVICES, name -> true);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.get("/api/devices/living-lamp").statusCode() == 200
                && device("living-lamp").path("availability").asText().equals("online"));
        return bridge;
    }

    private NativeClient zigbee2mqtt() throws Exception {
        return zigbee2mqtt("mqttjs_" + UUID.randomUUID().toString().substring(0, 8), true);
    }

    /** A Tasmota plug on the user's Mosquitto. */
    private NativeClient plug() throws Exception {
        NativeClient plug = PlayedDevices.tasmotaPlug(mosquitto.uri(), TasmotaIT.PLUG, TasmotaIT.PLUG_PASSWORD, TasmotaIT.TOPIC);
        await().atMost(Duration.ofSeconds(10)).until(() -> device("plug-1").path("availability").asText().equals("online"));
        return plug;
    }

    @Test
    @Order(1)
    void aRuleOnAZigbeeSensorSwitchesTheLampAndThePlugThroughTheUsersBroker() throws Exception {
        awaitLinkUp();
        try (NativeClient bridge = zigbee2mqtt(); NativeClient plug = plug()) {
            JsonNode motion = device("hallway-motion");
            assertThat(motion.path("protocol").asText()).isEqualTo("zigbee2mqtt");
            assertThat(motion.path("origin").path("login").asText()).isEqualTo("z2m");
            assertThat(device("plug-1").path("protocol").asText()).isEqualTo("tasmota");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules").path("loadErrors").isEmpty());

            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":false,\"illuminance\":12}");
            await().atMost(Duration.ofSeconds(5)).until(() -> device("hallway-motion").path("state").path("illuminance").asInt() == 12);
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":true,\"illuminance\":12}");

            await().atMost(Duration.ofSeconds(5)).until(() -> sets(bridge).size() == 1 && plug.received.size() == 1);
            assertThat(sets(bridge)).containsExactly("zigbee2mqtt/living/lamp/set {\"state\":\"ON\"}");
            assertThat(plug.received).extracting(Object::toString).containsExactly("cmnd/tasmota_ABC123/POWER ON");
            // both confirmed by the devices' answers through the broker: the rule's commands end ok
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/living-lamp/commands").size() >= 1
                    && hub.getJson("/api/devices/plug-1/commands").size() >= 1);
            assertThat(hub.getJson("/api/devices/living-lamp/commands").get(0).path("outcome").asText()).isEqualTo("ok");
            assertThat(hub.getJson("/api/devices/plug-1/commands").get(0).path("outcome").asText()).isEqualTo("ok");
            assertThat(device("plug-1").path("state").path("power").asBoolean()).isTrue();
            // never retained: a client subscribing afterwards gets the retained messages there are, and no command
            try (NativeClient late = NativeClient.connect(mosquitto.uri(), "late-" + UUID.randomUUID(), "z2m", "z2m-secret",
                    null, null)) {
                late.subscribe("zigbee2mqtt/#");
                late.subscribe("cmnd/#");
                late.publish("zigbee2mqtt/bridge/sentinel", "after the retained ones");
                await().atMost(Duration.ofSeconds(5)).until(() -> late.received.stream()
                        .anyMatch(message -> message.topic().equals("zigbee2mqtt/bridge/sentinel")));
                assertThat(late.received).extracting(NativeClient.Received::topic).contains("zigbee2mqtt/bridge/devices")
                        .noneMatch(topic -> topic.endsWith("/set") || topic.startsWith("cmnd/"));
            }
            // the history has them as any device's
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/hallway-motion/history?attribute=illuminance")
                    .path("points").size() >= 1);
        }
    }

    @Test
    @Order(2)
    void badMessagesOnTheUsersBrokerAreRefusedByReasonAndTheLinkStaysUp() throws Exception {
        awaitLinkUp();
        double unknown = hub.rejected("unknown_device");
        double notJson = hub.rejected("not_json");
        try (NativeClient bridge = zigbee2mqtt(); NativeClient plug = plug()) {
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":true,");
            bridge.publish("zigbee2mqtt/kitchen/lamp", "{\"state\":\"ON\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("not_json") == notJson + 1
                    && hub.rejected("unknown_device") == unknown + 1);
            assertThat(hub.get("/api/devices/kitchen-lamp").statusCode()).isEqualTo(404);
            // the link did not drop for it, and the next good message is read
            assertThat(hub.metric("hearth_bridge_up{bridge=\"home\"}")).isEqualTo(1);
            plug.publish("stat/" + TasmotaIT.TOPIC + "/POWER", "OFF");
            await().atMost(Duration.ofSeconds(5)).until(() -> !device("plug-1").path("state").path("power").asBoolean(true));
        }
    }

    @Test
    @Order(4)
    void aCommandSentWhileTheBrokerIsAwayArrivesOnceWhenItIsBack() throws Exception {
        awaitLinkUp();
        double reconnects = hub.metric("hearth_bridge_reconnects_total{bridge=\"home\"}");
        // Zigbee2MQTT keeps its session on Mosquitto: what is sent to it while it is away waits there
        NativeClient bridge = zigbee2mqtt("zigbee2mqtt-kept", false);
        NativeClient plug = plug();
        bridge.publish("zigbee2mqtt/living/lamp", "{\"state\":\"OFF\",\"brightness\":80}");
        await().atMost(Duration.ofSeconds(5)).until(() -> device("living-lamp").path("state").path("brightness").asInt() == 80);
        mosquitto.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !bridge.isConnected() && !plug.isConnected());
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_bridge_up{bridge=\"home\"}") == 0);
            await("what is behind the broker goes offline with it").atMost(Duration.ofSeconds(5)).until(() ->
                    List.of("living-lamp", "hallway-motion", "plug-1", "z2m").stream()
                            .allMatch(id -> device(id).path("availability").asText().equals("offline")));
            assertThat(device("living-lamp").path("state").path("brightness").asInt()).as("its last state stays").isEqualTo(80);
            HttpResponse<String> health = hub.send("GET", "/health", null, null);
            assertThat(health.statusCode()).as("a broker away is not the hub down").isEqualTo(200);
            assertThat(HubFixture.json(health).path("status").asText()).isEqualTo("DEGRADED");
            assertThat(HubFixture.json(health).path("checks").path("bridge:home").asText()).startsWith("DOWN (");

            // one command outlives its timeout while the broker is away: it is dropped, never sent late
            HttpResponse<String> late = command("living-lamp", "{\"brightness\":7}", "1s").join();
            assertThat(late.statusCode()).as(late.body()).isEqualTo(504);
            CompletableFuture<HttpResponse<String>> waiting = command("living-lamp", "{\"brightness\":42}", "90s");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.metric("hearth_bridge_commands_queued{bridge=\"home\"}") == 2);
            assertThat(waiting).isNotDone();
        } finally {
            bridge.close();
            plug.close();
            mosquitto.restart();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> hub.metric("hearth_bridge_up{bridge=\"home\"}") == 1);
        try (NativeClient back = NativeClient.connect(mosquitto.uri(), "zigbee2mqtt-kept", "z2m", "z2m-secret",
                "zigbee2mqtt/bridge/state", "{\"state\":\"offline\"}", false)) {
            back.publish("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}", true); // as Zigbee2MQTT does on connecting
            await().atMost(Duration.ofSeconds(10)).until(() -> !sets(back).isEmpty());
            back.publish("zigbee2mqtt/living/lamp", "{\"state\":\"ON\",\"brightness\":42}");
            await().atMost(Duration.ofSeconds(10)).until(() -> device("living-lamp").path("state").path("brightness").asInt() == 42);
            assertThat(sets(back)).as("once, and not the one that timed out").containsExactly("zigbee2mqtt/living/lamp/set {\"brightness\":42}");
        }
        assertThat(hub.metric("hearth_bridge_commands_queued{bridge=\"home\"}")).isZero();
        assertThat(hub.metric("hearth_bridge_commands_dropped_total{bridge=\"home\",reason=\"expired\"}")).isEqualTo(1);
        assertThat(hub.metric("hearth_bridge_reconnects_total{bridge=\"home\"}")).isEqualTo(reconnects + 1);
        // Mosquitto kept the retained bridge/state: the lamp is there again
        await().atMost(Duration.ofSeconds(10)).until(() -> device("living-lamp").path("availability").asText().equals("online"));
        HttpResponse<String> health = hub.send("GET", "/health", null, null);
        assertThat(HubFixture.json(health).path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(3)
    void aWrongPasswordIsLoggedClearlyAndHealthSaysTheBridgeIsDown(@TempDir Path folder) throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger linkLogger = (Logger) LoggerFactory.getLogger("dev.hearth.hub.bridges.BrokerLink");
        linkLogger.addAppender(log);
        try (HubFixture wrong = HubFixture.startWithDevices(folder, "rules: []\n", "",
                bridges(mosquitto.port, "password: not-the-password"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream().anyMatch(event ->
                    event.getFormattedMessage().startsWith("bridge home: mqtt://127.0.0.1:" + mosquitto.port
                            + " cannot connect: refused the login")));
            HttpResponse<String> health = wrong.send("GET", "/health", null, null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(HubFixture.json(health).path("status").asText()).isEqualTo("DEGRADED");
            assertThat(HubFixture.json(health).path("checks").path("bridge:home").asText()).startsWith("DOWN (refused the login");
            assertThat(wrong.metric("hearth_bridge_up{bridge=\"home\"}")).isZero();
            assertThat(wrong.getJson("/api/devices/plug-1").path("availability").asText()).isEqualTo("offline");
            assertThat(log.list).noneMatch(event -> event.getFormattedMessage().contains("not-the-password"));
        } finally {
            linkLogger.detachAppender(log);
        }
        // the hub that logs in well was not disturbed by the one that could not
        assertThat(hub.metric("hearth_bridge_up{bridge=\"home\"}")).isEqualTo(1);
    }

    private void awaitLinkUp() {
        await().atMost(Duration.ofSeconds(90)).until(() -> hub.metric("hearth_bridge_up{bridge=\"home\"}") == 1);
    }

    /** A command through the API, as a client waiting for the device's answer (longer than HubFixture's 15 s). */
    private CompletableFuture<HttpResponse<String>> command(String device, String args, String timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub.httpPort() + "/api/devices/"
                        + device + "/commands/set?timeout=" + timeout))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + hub.adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(args)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> sets(NativeClient bridge) {
        return bridge.received.stream().filter(message -> message.topic().endsWith("/set")).map(Object::toString).toList();
    }

    private JsonNode device(String id) {
        return hub.getJson("/api/devices/" + id);
    }
}
