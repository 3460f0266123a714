package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.security.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Home Assistant as it uses Hearth's broker: a plain MQTT 3.1.1 client logging in with its own credential,
 * subscribing to homeassistant/#, then to the topics each discovery config names, and publishing its birth.
 * It sees the entities of a device speaking the wire contract (a plain Paho client, not the SDK) and of a
 * Tasmota plug, reads their values through the configs' state topics, and switches the plug through its
 * config's command topic: the plug receives its native cmnd/<topic>/POWER ON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomeAssistantIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HA = "homeassistant";
    private static final String HA_PASSWORD = "ha-secret";
    private static final String PLUG = "plug-1";
    private static final String PLUG_PASSWORD = "plug-1-secret";
    private static final String TOPIC = "tasmota_ABC123";
    private static final String PI_META = """
            {"type":"pi","attributes":{"cpu_celsius":{"type":"number","unit":"°C"},"fan":{"type":"boolean"}},"commands":["reboot"]}""";

    private HubFixture hub;

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.startWithDevices(folder, "rules: []\n", """
                  - id: %s
                    protocol: tasmota
                    topic: %s
                    password-hash: "%s"
                  - id: %s
                    protocol: homeassistant
                    password-hash: "%s"
                """.formatted(PLUG, TOPIC, PasswordHasher.hash(PLUG_PASSWORD), HA, PasswordHasher.hash(HA_PASSWORD)),
                "homeassistant: { discovery: true, prefix: homeassistant, republish-delay-max-ms: 300 }");
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    private NativeClient homeAssistant() throws Exception {
        NativeClient ha = NativeClient.connect(hub.brokerUri(), "homeassistant-" + UUID.randomUUID(), HA, HA_PASSWORD,
                "homeassistant/status", "offline");
        ha.subscribe("homeassistant/#");
        return ha;
    }

    /** A device provisioned through the API, speaking the wire contract with plain Paho: meta (retained), then state. */
    private MqttClient wireDevice(String id) throws Exception {
        JsonNode created = HubFixture.json(hub.send("POST", "/api/devices", "{\"id\":\"" + id + "\",\"type\":\"pi\"}", hub.adminToken));
        MqttClient device = RawMqtt.connect(hub.brokerUri(), id + "-" + UUID.randomUUID(), id, created.path("password").asText());
        device.publish("devices/" + id + "/meta", PI_META.getBytes(StandardCharsets.UTF_8), 1, true);
        device.publish("devices/" + id + "/state", "{\"fan\":true}".getBytes(StandardCharsets.UTF_8), 1, true);
        device.publish("devices/" + id + "/telemetry", "{\"cpu_celsius\":41.5}".getBytes(StandardCharsets.UTF_8), 1, false);
        return device;
    }

    private NativeClient plug() throws Exception {
        NativeClient plug = NativeClient.connect(hub.brokerUri(), "DVES_ABC123", PLUG, PLUG_PASSWORD, "tele/" + TOPIC + "/LWT", "Offline");
        plug.publish("tele/" + TOPIC + "/LWT", "Online", true);
        plug.subscribe("cmnd/" + TOPIC + "/#");
        return plug;
    }

    private static Optional<JsonNode> config(NativeClient ha, String topic) {
        return ha.received.stream().filter(message -> message.topic().equals(topic) && !message.payload().isEmpty())
                .reduce((first, last) -> last).map(message -> {
                    try {
                        return JSON.readTree(message.payload());
                    } catch (Exception e) {
                        throw new AssertionError(topic + ": not JSON: " + message.payload(), e);
                    }
                });
    }

    private static JsonNode awaitConfig(NativeClient ha, String topic) {
        await(topic).atMost(Duration.ofSeconds(10)).until(() -> config(ha, topic).isPresent());
        return config(ha, topic).orElseThrow();
    }

    /** What Home Assistant does with a config: subscribe to what it names, and read the latest value there. */
    private static void follow(NativeClient ha, JsonNode config) throws Exception {
        if (config.has("state_topic")) {
            ha.subscribe(config.path("state_topic").asText());
        }
        for (JsonNode availability : config.path("availability")) {
            ha.subscribe(availability.path("topic").asText());
        }
    }

    private static Optional<String> latest(NativeClient ha, String topic) {
        return ha.received.stream().filter(message -> message.topic().equals(topic)).reduce((first, last) -> last)
                .map(NativeClient.Received::payload);
    }

    private static boolean available(NativeClient ha, JsonNode config) {
        for (JsonNode availability : config.path("availability")) {
            if (!latest(ha, availability.path("topic").asText()).equals(Optional.of(availability.path("payload_available").asText()))) {
                return false;
            }
        }
        return config.path("availability_mode").asText().equals("all");
    }

    /** A publish the broker refuses by dropping the connection (the publish itself may fail or not, by timing). */
    private static void droppedFor(Publish publish, java.util.function.BooleanSupplier connected) {
        try {
            publish.run();
        } catch (Exception refused) {
            // the connection went while the client waited for its PUBACK
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !connected.getAsBoolean());
    }

    @FunctionalInterface
    private interface Publish {
        void run() throws Exception;
    }

    @Test
    void aWireDeviceShowsItsEntitiesAndValuesThroughTheirConfigs() throws Exception {
        MqttClient pi = wireDevice("pi-1");
        try (NativeClient ha = homeAssistant()) {
            JsonNode cpu = awaitConfig(ha, "homeassistant/sensor/pi-1/cpu_celsius/config");
            assertThat(ha.received).filteredOn(m -> m.topic().equals("homeassistant/sensor/pi-1/cpu_celsius/config"))
                    .allMatch(NativeClient.Received::retained);
            assertThat(cpu.path("unit_of_measurement").asText()).isEqualTo("°C");
            assertThat(cpu.path("device_class").asText()).isEqualTo("temperature");
            assertThat(cpu.path("device").path("identifiers").get(0).asText()).isEqualTo("hearth_pi-1");
            assertThat(cpu.path("origin").path("name").asText()).isEqualTo("Hearth");
            follow(ha, cpu);
            await().atMost(Duration.ofSeconds(5)).until(() -> latest(ha, cpu.path("state_topic").asText()).equals(Optional.of("41.5")));
            await().atMost(Duration.ofSeconds(5)).until(() -> available(ha, cpu));
            JsonNode fan = awaitConfig(ha, "homeassistant/binary_sensor/pi-1/fan/config");
            follow(ha, fan);
            await().atMost(Duration.ofSeconds(5)).until(() -> latest(ha, fan.path("state_topic").asText())
                    .equals(Optional.of(fan.path("payload_on").asText())));
            assertThat(awaitConfig(ha, "homeassistant/button/pi-1/command_reboot/config").path("command_topic").asText())
                    .isEqualTo("hearth/ha/pi-1/press/reboot");

            pi.publish("devices/pi-1/telemetry", "{\"cpu_celsius\":47}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> latest(ha, cpu.path("state_topic").asText()).equals(Optional.of("47")));
        } finally {
            RawMqtt.closeQuietly(pi);
        }
    }

    @Test
    void homeAssistantSwitchesATasmotaPlugThroughItsConfigsCommandTopic() throws Exception {
        try (NativeClient plug = plug(); NativeClient ha = homeAssistant()) {
            plug.onMessage((topic, payload) -> {
                if (topic.equals("cmnd/" + TOPIC + "/POWER")) { // what Tasmota does: switch, then answer on stat/
                    plug.publishLater("stat/" + TOPIC + "/POWER", payload);
                }
            });
            plug.publish("stat/" + TOPIC + "/POWER", "OFF");
            JsonNode power = awaitConfig(ha, "homeassistant/switch/plug-1/power/config");
            follow(ha, power);
            String state = power.path("state_topic").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> latest(ha, state).equals(Optional.of(power.path("payload_off").asText())));
            await().atMost(Duration.ofSeconds(5)).until(() -> available(ha, power));

            ha.publish(power.path("command_topic").asText(), power.path("payload_on").asText());
            await().atMost(Duration.ofSeconds(5)).until(() -> plug.received.stream().anyMatch(m -> m.topic().startsWith("cmnd/")));
            assertThat(plug.received).filteredOn(m -> m.topic().startsWith("cmnd/"))
                    .containsExactly(new NativeClient.Received("cmnd/" + TOPIC + "/POWER", "ON", false));
            await().atMost(Duration.ofSeconds(5)).until(() -> latest(ha, state).equals(Optional.of("ON")));
            assertThat(hub.getJson("/api/devices/plug-1").path("state").path("power").asBoolean()).isTrue();

            double invalid = hub.rejected("invalid_value");
            ha.publish(power.path("command_topic").asText(), "banana");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("invalid_value") == invalid + 1);
            assertThat(ha.isConnected()).as("a refused payload does not drop an MQTT 3.1.1 client").isTrue();
            assertThat(plug.received).filteredOn(m -> m.topic().startsWith("cmnd/")).hasSize(1);

            plug.dropAbruptly(); // the plug's LWT: its entities become unavailable, the hub stays available
            await().atMost(Duration.ofSeconds(10)).until(() -> latest(ha, "hearth/ha/plug-1/availability").equals(Optional.of("offline")));
            assertThat(latest(ha, "hearth/status")).contains("online");
        }
    }

    @Test
    void theBirthMessageMakesTheHubPublishEveryConfigAgain() throws Exception {
        MqttClient pi = wireDevice("pi-2");
        try (NativeClient ha = homeAssistant()) {
            awaitConfig(ha, "homeassistant/sensor/pi-2/cpu_celsius/config");
            ha.received.clear();
            ha.publish("homeassistant/status", "online");
            JsonNode again = awaitConfig(ha, "homeassistant/sensor/pi-2/cpu_celsius/config");
            assertThat(ha.received).filteredOn(m -> m.topic().equals("homeassistant/sensor/pi-2/cpu_celsius/config"))
                    .as("published by the hub, not the retained copy of a new subscription").noneMatch(NativeClient.Received::retained);
            assertThat(again.path("unique_id").asText()).isEqualTo("hearth_pi-2_cpu_celsius");
            awaitConfig(ha, "homeassistant/switch/plug-1/power/config"); // every device's, not only the newest
        } finally {
            RawMqtt.closeQuietly(pi);
        }
    }

    @Test
    void removingADeviceEmptiesItsConfigs() throws Exception {
        MqttClient pi = wireDevice("pi-3");
        try (NativeClient ha = homeAssistant()) {
            awaitConfig(ha, "homeassistant/sensor/pi-3/cpu_celsius/config");
            assertThat(hub.send("DELETE", "/api/devices/pi-3", null, hub.adminToken).statusCode()).isEqualTo(204);
            List<String> topics = List.of("homeassistant/sensor/pi-3/cpu_celsius/config", "homeassistant/binary_sensor/pi-3/fan/config",
                    "homeassistant/button/pi-3/command_reboot/config");
            await().atMost(Duration.ofSeconds(5)).until(() -> topics.stream().allMatch(topic ->
                    latest(ha, topic).equals(Optional.of(""))));
            await().atMost(Duration.ofSeconds(5)).until(() -> !pi.isConnected());
        } finally {
            RawMqtt.closeQuietly(pi);
        }
        try (NativeClient later = homeAssistant()) {
            Thread.sleep(500); // retained messages arrive with the SUBACK; give them time to show
            assertThat(later.received).noneMatch(m -> m.topic().contains("/pi-3/"));
        }
        assertThat(hub.send("DELETE", "/api/devices/bed-1", null, hub.adminToken).statusCode())
                .as("a device of the config is removed there").isEqualTo(409);
        assertThat(hub.send("DELETE", "/api/devices/nobody", null, hub.adminToken).statusCode()).isEqualTo(404);
    }

    @Test
    void noOtherLoginMayPublishUnderThePrefixAndHomeAssistantOnlyItsOwnTopics() throws Exception {
        try (NativeClient ha = homeAssistant()) {
            MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-" + UUID.randomUUID(), HubFixture.BED, HubFixture.BED_PASSWORD);
            droppedFor(() -> bed.publish("homeassistant/switch/fake/power/config",
                    "{\"name\":\"fake\"}".getBytes(StandardCharsets.UTF_8), 1, true), bed::isConnected);
            RawMqtt.closeQuietly(bed);
            try (NativeClient plug = plug()) {
                droppedFor(() -> plug.publish("homeassistant/status", "online"), plug::isConnected);
            }
            double outside = hub.rejected("topic_not_allowed");
            try (NativeClient forger = homeAssistant()) {
                droppedFor(() -> forger.publish("devices/coffee-1/state", "{\"status\":\"brewing\"}"), forger::isConnected);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("topic_not_allowed") == outside + 1);
            assertThat(hub.getJson("/api/devices/coffee-1").path("state").has("status")).isFalse();
            assertThat(ha.received).noneMatch(m -> m.topic().contains("/fake/"));
        }
    }
}
