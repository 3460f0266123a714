package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.adapters.TasmotaAdapterTest;
import dev.hearth.hub.security.PasswordHasher;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasmota's own discovery as the firmware sends it when it connects (MQTT 3.1.1, retained, on
 * tasmota/discovery/<MAC>/config and .../sensors, a tree every Tasmota shares): read for the login whose Topic its
 * {@code t} is, it tells Hearth the relays (a Sonoff Dual's power1 and power2, with their names), the model and the
 * firmware; one naming a Topic that is not the sending login's is refused as unknown_device and counted, never a
 * device, and the plug stays connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasmotaDiscoveryIT {
    private static final String DESK = "desk";
    private static final String DESK_PASSWORD = "desk-secret";
    private static final String DESK_TOPIC = "desk_dual";
    private static final String DESK_MAC = "A4CF12ABC123";

    private static final String BLIND = "blind";
    private static final String BLIND_PASSWORD = "blind-secret";
    private static final String BLIND_TOPIC = "blind_lr";
    private static final String BLIND_MAC = "A4CF12DEF456";
    /** Loaded once the blind's discovery says it has a button1 (a rule naming an attribute no meta has waits). */
    private static final String RULES = """
            rules:
              - id: button-opens-blind
                when:
                  - state: blind.button1
                    to: single
                then:
                  - command: blind.open
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
                  - id: %s
                    protocol: tasmota
                    topic: %s
                    password-hash: "%s"
                  - id: %s
                    protocol: tasmota
                    topic: %s
                    password-hash: "%s"
                """.formatted(BLIND, BLIND_TOPIC, PasswordHasher.hash(BLIND_PASSWORD), DESK, DESK_TOPIC,
                PasswordHasher.hash(DESK_PASSWORD), TasmotaIT.PLUG, TasmotaIT.TOPIC, PasswordHasher.hash(TasmotaIT.PLUG_PASSWORD)));
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    /** As Tasmota connects: its LWT, its subscription (then its discovery, retained). */
    private NativeClient tasmota(String clientId, String login, String password, String topic) throws Exception {
        NativeClient tasmota = NativeClient.connect(hub.brokerUri(), clientId, login, password, "tele/" + topic + "/LWT", "Offline");
        tasmota.publish("tele/" + topic + "/LWT", "Online", true);
        tasmota.subscribe("cmnd/" + topic + "/#");
        return tasmota;
    }

    private NativeClient desk() throws Exception {
        NativeClient desk = tasmota("DVES_ABC123", DESK, DESK_PASSWORD, DESK_TOPIC);
        desk.onMessage((topic, payload) -> {
            if (topic.startsWith("cmnd/" + DESK_TOPIC + "/POWER")) {
                desk.publishLater("stat/" + DESK_TOPIC + "/RESULT", "{\"" + topic.substring(topic.lastIndexOf('/') + 1)
                        + "\":\"" + payload + "\"}");
            }
        });
        return desk;
    }

    @Test
    void itsDiscoveryTellsItsRelaysModelFirmwareAndNamesAndItsSecondRelaySwitches() throws Exception {
        try (NativeClient desk = desk()) {
            desk.publish("tasmota/discovery/" + DESK_MAC + "/config",
                    TasmotaAdapterTest.discoveryConfig(DESK_TOPIC, "[1,1,0,0,0,0,0,0]"), true);
            desk.publish("tasmota/discovery/" + DESK_MAC + "/sensors",
                    "{\"sn\":{\"Time\":\"2026-12-02T06:00:00\",\"ENERGY\":{\"Power\":42,\"Voltage\":230.1}},\"ver\":1}", true);
            await().atMost(Duration.ofSeconds(5)).until(() -> meta().path("attributes").has("power2")
                    && meta().path("attributes").has("energy_power"));
            JsonNode meta = meta();
            assertThat(meta.path("attributes").fieldNames()).toIterable().doesNotContain("power").contains("power1", "power2");
            assertThat(meta.path("attributes").path("power2").path("name").asText()).isEqualTo("Fan");
            assertThat(meta.path("model").asText()).isEqualTo("Sonoff Dual R2");
            assertThat(meta.path("firmware").asText()).isEqualTo("14.3.0");
            assertThat(meta.path("origin").path("address").asText()).isEqualTo(DESK_MAC);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    hub.getJson("/api/devices/" + DESK + "/history?attribute=energy_voltage").path("points").size() == 1);

            HttpResponse<String> fan = hub.send("POST", "/api/devices/" + DESK + "/commands/turn_on?timeout=5s",
                    "{\"relay\":2}", hub.adminToken);
            assertThat(fan.statusCode()).as(fan.body()).isEqualTo(200);
            assertThat(desk.received).extracting(Object::toString).containsExactly("cmnd/" + DESK_TOPIC + "/POWER2 ON");
            assertThat(hub.getJson("/api/devices/" + DESK).path("state").path("power2").asBoolean()).isTrue();
            assertThat(desk.isConnected()).isTrue();
        }
    }

    @Test
    void aDiscoveryConfigForATopicOfAnotherLoginOrOfNoneIsRefusedAndCountedNeverADevice() throws Exception {
        double unknown = hub.rejected("unknown_device");
        try (NativeClient desk = desk()) {
            // plug-1's Topic, from desk's credential: it must not describe plug-1
            desk.publish("tasmota/discovery/" + DESK_MAC + "/config",
                    TasmotaAdapterTest.discoveryConfig(TasmotaIT.TOPIC, "[1,1,1,0,0,0,0,0]"), true);
            // a Topic no login has
            desk.publish("tasmota/discovery/" + DESK_MAC + "/config",
                    TasmotaAdapterTest.discoveryConfig("tasmota_NOBODY", "[1,0,0,0,0,0,0,0]"), true);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("unknown_device") == unknown + 2);
            assertThat(desk.isConnected()).as("taken and dropped: an MQTT 3.1.1 plug stays connected").isTrue();
        }
        JsonNode plug = hub.getJson("/api/devices/" + TasmotaIT.PLUG).path("meta");
        assertThat(plug.path("attributes").fieldNames()).toIterable().containsExactly("power");
        assertThat(plug.has("model")).isFalse();
        assertThat(hub.getJson("/api/devices").toString()).doesNotContain("tasmota_NOBODY");
    }

    @Test
    void aDiscoveryConfigWithAFullTopicHearthDoesNotReadIsRefusedSayingWhatToSet() throws Exception {
        double invalid = hub.rejected("invalid_value");
        try (NativeClient desk = desk()) {
            desk.publish("tasmota/discovery/" + DESK_MAC + "/config", TasmotaAdapterTest.discoveryConfig(DESK_TOPIC, "[1,1]")
                    .replace("%prefix%/%topic%/", "%topic%/%prefix%/"), true);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("invalid_value") == invalid + 1);
            assertThat(desk.isConnected()).isTrue();
        }
    }

    /**
     * A light on relay 1 and a shutter on relays 2 and 3, with a button, as Tasmota answers: RESULT with the light's
     * Dimmer, and the shutter's position and direction once it moves.
     */
    private NativeClient blind() throws Exception {
        NativeClient blind = tasmota("DVES_DEF456", BLIND, BLIND_PASSWORD, BLIND_TOPIC);
        blind.onMessage((topic, payload) -> {
            String command = topic.substring(topic.lastIndexOf('/') + 1);
            if (command.equals("Dimmer")) {
                blind.publishLater("stat/" + BLIND_TOPIC + "/RESULT", "{\"POWER1\":\"ON\",\"Dimmer\":" + payload + "}");
            } else if (command.equals("ShutterOpen1")) {
                blind.publishLater("stat/" + BLIND_TOPIC + "/RESULT", "{\"Shutter1\":{\"Position\":0,\"Direction\":1,\"Target\":100}}");
            } else if (command.equals("ShutterPosition1")) {
                blind.publishLater("stat/" + BLIND_TOPIC + "/RESULT", "{\"Shutter1\":{\"Position\":0,\"Direction\":1,\"Target\":"
                        + payload + "}}");
            }
        });
        blind.publish("tasmota/discovery/" + BLIND_MAC + "/config", TasmotaAdapterTest.discoveryConfig(BLIND_TOPIC, "[2,3,3,0,0,0,0,0]")
                .replace("A4CF12ABC123", BLIND_MAC).replace("\"btn\":[0,", "\"btn\":[1,"), true);
        return blind;
    }

    @Test
    void aLightAndAShutterFromItsDiscoveryTakeTheirCommandsAndReportTheirState() throws Exception {
        try (NativeClient blind = blind()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/" + BLIND).path("meta").path("attributes")
                    .has("shutter1_position"));
            assertThat(hub.getJson("/api/devices/" + BLIND).path("meta").path("commands").findValuesAsText("name"))
                    .contains("set_brightness", "open", "set_position");

            HttpResponse<String> dim = hub.send("POST", "/api/devices/" + BLIND + "/commands/set_brightness?timeout=5s",
                    "{\"brightness\":40}", hub.adminToken);
            assertThat(dim.statusCode()).as(dim.body()).isEqualTo(200);
            HttpResponse<String> half = hub.send("POST", "/api/devices/" + BLIND + "/commands/set_position?timeout=5s",
                    "{\"position\":50}", hub.adminToken);
            assertThat(half.statusCode()).as(half.body()).isEqualTo(200);
            assertThat(blind.received).filteredOn(m -> m.topic().startsWith("cmnd/")).containsExactly(
                    new NativeClient.Received("cmnd/" + BLIND_TOPIC + "/Dimmer", "40", false),
                    new NativeClient.Received("cmnd/" + BLIND_TOPIC + "/ShutterPosition1", "50", false));
            JsonNode state = hub.getJson("/api/devices/" + BLIND).path("state");
            assertThat(state.path("brightness").asInt()).isEqualTo(40);
            assertThat(state.path("shutter1_target").asInt()).isEqualTo(50);
            assertThat(state.path("shutter1_direction").asInt()).isEqualTo(1);

            HttpResponse<String> bad = hub.send("POST", "/api/devices/" + BLIND + "/commands/set_brightness?timeout=5s",
                    "{\"brightness\":\"40;Power OFF\"}", hub.adminToken);
            assertThat(bad.statusCode()).as(bad.body()).isNotEqualTo(200);
            assertThat(bad.body()).contains("goes into the payload");
            double invalid = hub.rejected("invalid_value");
            blind.publish("stat/" + BLIND_TOPIC + "/RESULT", "{\"Shutter1\":{\"Position\":\"half\"}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("invalid_value") == invalid + 1);
            assertThat(blind.isConnected()).isTrue();
        }
    }

    /**
     * Tasmota says SINGLE for each press (ButtonTopic or SetOption73 on), the same word each time: each is a change
     * from idle, so the rule opens the blind twice.
     */
    @Test
    void aRuleFiresOnEachPressOfItsButtonTheSamePressTwiceInARowToo() throws Exception {
        try (NativeClient blind = blind()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.get("/api/rules/button-opens-blind").statusCode() == 200);
            for (int press = 1; press <= 2; press++) {
                int pressed = press;
                blind.publish("stat/" + BLIND_TOPIC + "/RESULT", "{\"Button1\":{\"Action\":\"SINGLE\"}}");
                await().atMost(Duration.ofSeconds(5)).until(() -> blind.received.stream()
                        .filter(m -> m.topic().equals("cmnd/" + BLIND_TOPIC + "/ShutterOpen1")).count() == pressed);
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        hub.getJson("/api/rules/button-opens-blind/traces").size() == pressed);
            }
            assertThat(blind.received).filteredOn(m -> m.topic().endsWith("/ShutterOpen1"))
                    .containsOnly(new NativeClient.Received("cmnd/" + BLIND_TOPIC + "/ShutterOpen1", "", false));
            assertThat(hub.getJson("/api/devices/" + BLIND).path("state").path("button1").asText()).isEqualTo("idle");
        }
    }

    private JsonNode meta() {
        return hub.getJson("/api/devices/" + DESK).path("meta");
    }
}
