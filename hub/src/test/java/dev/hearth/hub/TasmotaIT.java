package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Tasmota plug as the firmware behaves, on its own topics (MQTT 3.1.1, a retained last will on
 * tele/<topic>/LWT, telemetry every TelePeriod, stat/ answers to cmnd/), logging in to Hearth's broker
 * with its own credential: its state lands, a rule switches it with cmnd/<topic>/POWER ON, and its answer
 * confirms the command. The hub never retains a command, and offline keeps the last state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasmotaIT {
    static final String PLUG = "plug-1";
    static final String PLUG_PASSWORD = "plug-1-secret";
    static final String TOPIC = "tasmota_ABC123";
    private static final String RULES = """
            rules:
              - id: wake-plug
                when:
                  - state: bed-1.occupant
                    to: awake
                then:
                  - command: plug-1.turn_on
                    timeout: 5s
            """;

    private HubFixture hub;

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.startWithDevices(folder, RULES, """
                  - id: %s
                    protocol: tasmota
                    topic: %s
                    password-hash: "%s"
                """.formatted(PLUG, TOPIC, PasswordHasher.hash(PLUG_PASSWORD)));
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    /** As Tasmota connects: last will Offline (retained), then Online, its INFO and a first STATE. */
    private NativeClient plug() throws Exception {
        NativeClient plug = NativeClient.connect(hub.brokerUri(), "DVES_ABC123", PLUG, PLUG_PASSWORD,
                "tele/" + TOPIC + "/LWT", "Offline");
        plug.publish("tele/" + TOPIC + "/LWT", "Online", true);
        plug.subscribe("cmnd/" + TOPIC + "/#");
        plug.publish("tele/" + TOPIC + "/INFO1", "{\"Info1\":{\"Module\":\"Sonoff Basic\",\"Version\":\"14.3.0\"}}");
        return plug;
    }

    @Test
    void thePlugLogsInWithItsOwnCredentialAndItsStateLands() throws Exception {
        try (NativeClient plug = plug()) {
            plug.publish("tele/" + TOPIC + "/STATE", "{\"Time\":\"2026-12-02T06:00:00\",\"Uptime\":\"0T00:05:00\","
                    + "\"POWER\":\"OFF\",\"Wifi\":{\"AP\":1,\"RSSI\":82,\"Signal\":-59}}");
            plug.publish("tele/" + TOPIC + "/SENSOR", "{\"Time\":\"2026-12-02T06:00:00\",\"ENERGY\":{\"TotalStartTime\":"
                    + "\"2026-01-01T00:00:00\",\"Total\":1.25,\"Power\":0,\"Voltage\":231}}");
            // the plain-text answer a Tasmota sends to cmnd/.../POWER, refused as not_json before adapters
            plug.publish("stat/" + TOPIC + "/POWER", "ON");
            await().atMost(Duration.ofSeconds(5)).until(() -> device().path("state").path("power").asBoolean(false));
            JsonNode device = device();
            assertThat(device.path("protocol").asText()).isEqualTo("tasmota");
            assertThat(device.path("origin").toString()).isEqualTo("{\"login\":\"plug-1\",\"name\":\"tasmota_ABC123\"}");
            assertThat(device.path("availability").asText()).isEqualTo("online");
            assertThat(device.path("meta").path("commands").toString()).contains("turn_on", "turn_off", "toggle");
            assertThat(device.path("meta").path("attributes").has("energy_power")).as("learnt from its SENSOR").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    hub.getJson("/api/devices/plug-1/history?attribute=energy_voltage").path("points").size() == 1);
            assertThat(hub.getJson("/api/devices/bed-1").path("protocol").asText()).isEqualTo("hearth");
        }
    }

    @Test
    void aRuleSwitchesThePlugWithItsNativeCommandNeverRetained() throws Exception {
        try (NativeClient plug = plug()) {
            plug.publish("stat/" + TOPIC + "/POWER", "OFF");
            await().atMost(Duration.ofSeconds(5)).until(() -> !device().path("state").path("power").asBoolean(true));
            // what Tasmota does with cmnd/<topic>/POWER ON: switch, then answer on stat/
            plug.onMessage((topic, payload) -> {
                if (topic.equals("cmnd/" + TOPIC + "/POWER")) {
                    plug.publishLater("stat/" + TOPIC + "/RESULT", "{\"POWER\":\"" + payload + "\"}");
                    plug.publishLater("stat/" + TOPIC + "/POWER", payload);
                }
            });
            wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> plug.received.stream().anyMatch(m -> m.topic().equals("cmnd/" + TOPIC + "/POWER")));
            assertThat(plug.received).filteredOn(m -> m.topic().startsWith("cmnd/"))
                    .containsExactly(new NativeClient.Received("cmnd/" + TOPIC + "/POWER", "ON", false));
            await().atMost(Duration.ofSeconds(5)).until(() -> device().path("state").path("power").asBoolean(false));
            // the plug's RESULT confirmed the command: the rule's command ended with a reply, not at its timeout
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/plug-1/commands").size() >= 1);
            JsonNode command = hub.getJson("/api/devices/plug-1/commands").get(0);
            assertThat(command.path("command").asText()).isEqualTo("turn_on");
            assertThat(command.path("outcome").asText()).isEqualTo("ok");
            assertThat(command.path("result").toString()).isEqualTo("{\"power\":true}");
        }
        // a stale retained POWER would switch the plug again on every reconnect: the broker holds none
        try (NativeClient again = plug()) {
            Thread.sleep(500); // retained messages arrive with the SUBACK; give them time to show
            assertThat(again.received).noneMatch(m -> m.topic().startsWith("cmnd/"));
        }
    }

    /**
     * TelePeriod (300 s by default) re-sends tele/<topic>/STATE with POWER as it is: only a change fires a rule. Its
     * second relay (POWER2), which no other test touches, so that both rules start from no run; the change back to
     * OFF comes after the reports, and its rule's run after whatever they caused (one login's messages, and the
     * rules engine, keep their order): once it has run, a run the reports caused would be there too.
     */
    @Test
    void anUnchangedStateEveryTelePeriodDoesNotFireToTriggersAgain() throws Exception {
        try (NativeClient plug = plug()) {
            plug.publish("stat/" + TOPIC + "/POWER2", "OFF"); // the hub learns its second relay
            await().atMost(Duration.ofSeconds(5)).until(() -> device().path("meta").path("attributes").has("power2"));
            java.nio.file.Files.writeString(hub.rulesFolder.resolve("relay-2.yaml"), """
                    rules:
                      - id: relay2-on
                        when:
                          - state: plug-1.power2
                            to: true
                        then:
                          - notify: log
                            message: "relay 2 on"
                      - id: relay2-off
                        when:
                          - state: plug-1.power2
                            to: false
                        then:
                          - notify: log
                            message: "relay 2 off"
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.get("/api/rules/relay2-off").statusCode() == 200);
            for (int period = 0; period < 4; period++) {
                plug.publish("tele/" + TOPIC + "/STATE", "{\"Uptime\":\"0T00:0" + period + ":00\",\"POWER1\":\"OFF\","
                        + "\"POWER2\":\"ON\"}");
            }
            plug.publish("stat/" + TOPIC + "/POWER2", "OFF");
            await().atMost(Duration.ofSeconds(5)).until(() -> runs("relay2-off") == 1);
            assertThat(runs("relay2-on")).as("one change, one run; three unchanged reports, none").isEqualTo(1);
        }
    }

    @Test
    void goingOfflineKeepsTheLastState() throws Exception {
        NativeClient plug = plug();
        plug.publish("stat/" + TOPIC + "/POWER", "ON");
        await().atMost(Duration.ofSeconds(5)).until(() -> device().path("state").path("power").asBoolean(false));
        plug.dropAbruptly(); // power cut: the broker publishes the retained LWT Offline
        await().atMost(Duration.ofSeconds(10)).until(() -> device().path("availability").asText().equals("offline"));
        assertThat(device().path("state").path("power").asBoolean(false)).isTrue();
    }

    @Test
    void aMalformedSensorIsRefusedWithTheTopicAndFieldAndThePlugStaysConnected() throws Exception {
        double before = hub.rejected("not_json");
        double invalid = hub.rejected("invalid_value");
        try (NativeClient plug = plug()) {
            plug.publish("tele/" + TOPIC + "/SENSOR", "{\"Time\":\"x\",\"ENERGY\":{\"Power\":}}");
            plug.publish("stat/" + TOPIC + "/POWER", "banana");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("not_json") == before + 1
                    && hub.rejected("invalid_value") == invalid + 1);
            assertThat(plug.isConnected()).as("a refused payload does not drop an MQTT 3.1.1 device").isTrue();
        }
        // MQTT 5 clients are told why in the PUBACK
        MqttAsyncClient v5 = RawMqtt.connectAsync(hub.brokerUri(), "tasmota-v5-" + UUID.randomUUID(), PLUG, PLUG_PASSWORD);
        try {
            assertThat(RawMqtt.publishForReason(v5, "tele/" + TOPIC + "/SENSOR",
                    "{\"ENERGY\":{\"Power\":}}".getBytes(StandardCharsets.UTF_8))).isEqualTo(153);
            assertThat(RawMqtt.publishForReason(v5, "tele/" + TOPIC + "/SENSOR",
                    "{\"ENERGY\":{\"Power\":7}}".getBytes(StandardCharsets.UTF_8)))
                    .as("accepted (16: no subscriber, a success)").isLessThan(0x80);
        } finally {
            RawMqtt.closeQuietly(v5);
        }
    }

    @Test
    void aTasmotaCredentialPublishingOutsideItsTreeIsRefused() throws Exception {
        double before = hub.rejected("topic_not_allowed");
        NativeClient plug = plug();
        plug.publishRefused("tele/tasmota_OTHER/STATE", "{\"POWER\":\"ON\"}", 5);
        plug().publishRefused(Topics.state("coffee-1"), "{\"status\":\"brewing\"}", 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("topic_not_allowed") == before + 2);
        assertThat(hub.getJson("/api/devices/coffee-1").path("state").has("status")).isFalse();
    }

    /** What it says is read: TasmotaDiscoveryIT. */
    @Test
    void tasmotasOwnDiscoveryIsTakenNotRefused() throws Exception {
        try (NativeClient plug = plug()) {
            plug.publish("tasmota/discovery/A4CF12ABC123/config", "{\"ip\":\"192.168.1.50\",\"t\":\"" + TOPIC + "\"}", true);
            plug.publish("stat/" + TOPIC + "/POWER", "ON");
            await().atMost(Duration.ofSeconds(5)).until(() -> device().path("state").path("power").asBoolean(false));
            assertThat(plug.isConnected()).isTrue();
        }
    }

    private void wakeUp() throws Exception {
        var bed = RawMqtt.connect(hub.brokerUri(), "bed-" + UUID.randomUUID(), HubFixture.BED, HubFixture.BED_PASSWORD);
        try {
            bed.publish(Topics.state(HubFixture.BED), "{\"occupant\":\"asleep\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            bed.publish(Topics.state(HubFixture.BED), "{\"occupant\":\"awake\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            RawMqtt.closeQuietly(bed);
        }
    }

    private int runs(String rule) {
        return hub.getJson("/api/rules/" + rule + "/traces").size();
    }

    private JsonNode device() {
        return hub.getJson("/api/devices/" + PLUG);
    }
}
