package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.security.PasswordHasher;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Zigbee2MQTT bridge as it behaves (MQTT 3.1.1, a retained last will on bridge/state, its retained
 * device list, state on {@code zigbee2mqtt/<friendly_name>}, commands on {@code .../set}) and a Tasmota
 * plug, both logging in to Hearth's broker with their own credentials. The bridge speaks for the devices
 * of its list, and only those; a friendly name with '/' is one device. A rule on a Zigbee motion sensor
 * switches the Tasmota plug and a Zigbee lamp with their native commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Zigbee2mqttIT {
    private static final String BRIDGE = "z2m";
    private static final String BRIDGE_PASSWORD = "z2m-secret";
    /** A Zigbee motion sensor switches a Tasmota plug and a Zigbee lamp (BridgeIT runs it too). */
    static final String RULES = """
            rules:
              - id: hallway-light
                when:
                  - state: hallway-motion.occupancy
                    to: true
                then:
                  - command: plug-1.turn_on
                    timeout: 5s
                  - command: living-lamp.turn_on
                    timeout: 5s
            """;
    static final String DEVICES = dev.hearth.hub.adapters.Zigbee2mqttAdapterTest.sample("bridge-devices.json");

    private HubFixture hub;

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.startWithDevices(folder, RULES, """
                  - id: %s
                    protocol: zigbee2mqtt
                    password-hash: "%s"
                  - id: %s
                    protocol: tasmota
                    topic: %s
                    password-hash: "%s"
                """.formatted(BRIDGE, PasswordHasher.hash(BRIDGE_PASSWORD), TasmotaIT.PLUG, TasmotaIT.TOPIC,
                PasswordHasher.hash(TasmotaIT.PLUG_PASSWORD)));
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    /** As Zigbee2MQTT starts; it answers a /set as a bulb does: with the device's new state. */
    private NativeClient bridge() throws Exception {
        NativeClient bridge = PlayedDevices.zigbee2mqtt(hub, BRIDGE, BRIDGE_PASSWORD, DEVICES, name -> true);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.get("/api/devices/living-lamp").statusCode() == 200
                && device("living-lamp").path("availability").asText().equals("online"));
        return bridge;
    }

    private NativeClient plug() throws Exception {
        return PlayedDevices.tasmotaPlug(hub.brokerUri(), TasmotaIT.PLUG, TasmotaIT.PLUG_PASSWORD, TasmotaIT.TOPIC);
    }

    @Test
    void theBridgesDevicesAppearFromItsDeviceListWithTheirProtocol() throws Exception {
        try (NativeClient bridge = bridge()) {
            JsonNode motion = device("hallway-motion");
            assertThat(motion.path("protocol").asText()).isEqualTo("zigbee2mqtt");
            assertThat(motion.path("origin").toString()).isEqualTo("{\"login\":\"z2m\",\"name\":\"hallway-motion\"}");
            assertThat(motion.path("meta").path("attributes").path("illuminance").toString()).isEqualTo("{\"type\":\"number\",\"unit\":\"lx\"}");
            JsonNode lamp = device("living-lamp");
            assertThat(lamp.path("origin").path("name").asText()).as("a friendly name with '/'").isEqualTo("living/lamp");
            assertThat(lamp.path("meta").path("description").asText()).isEqualTo("TRADFRI bulb");
            assertThat(device("z2m").path("protocol").asText()).isEqualTo("zigbee2mqtt");
            assertThat(device("z2m").path("availability").asText()).isEqualTo("online");
            assertThat(hub.get("/api/devices/Coordinator").statusCode()).isEqualTo(404);

            bridge.publish("zigbee2mqtt/living/lamp", "{\"state\":\"OFF\",\"brightness\":80,\"linkquality\":99}");
            bridge.publish("zigbee2mqtt/living", "{\"state\":\"ON\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> device("living-lamp").path("state").path("brightness").asInt() == 80);
            assertThat(device("living").path("state").path("state").asText()).isEqualTo("ON");
            assertThat(device("living-lamp").path("state").path("state").asText()).isEqualTo("OFF");
        }
    }

    @Test
    void motionOnAZigbeeSensorSwitchesTheTasmotaPlugAndTheZigbeeLamp() throws Exception {
        try (NativeClient bridge = bridge(); NativeClient plug = plug()) {
            bridge.publish("zigbee2mqtt/living/lamp", "{\"state\":\"OFF\",\"brightness\":80}");
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":false,\"illuminance\":12,\"battery\":97}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules").toString().contains("hallway-light")
                    && hub.getJson("/api/rules").path("loadErrors").isEmpty());
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":true,\"illuminance\":12,\"battery\":97}");

            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.received.stream()
                    .anyMatch(message -> message.topic().equals("zigbee2mqtt/living/lamp/set")));
            assertThat(plug.received).extracting(Object::toString).containsExactly("cmnd/tasmota_ABC123/POWER ON");
            assertThat(bridge.received).filteredOn(message -> message.topic().endsWith("/set")).extracting(Object::toString)
                    .containsExactly("zigbee2mqtt/living/lamp/set {\"state\":\"ON\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> device("living-lamp").path("state").path("state").asText().equals("ON"));
            assertThat(device("plug-1").path("state").path("power").asBoolean()).isTrue();
            // both commands were confirmed by the devices' answers, so the rule ran to its end at once
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/living-lamp/commands").size() == 1);
            assertThat(hub.getJson("/api/devices/living-lamp/commands").get(0).path("outcome").asText()).isEqualTo("ok");
            assertThat(hub.getJson("/api/devices/plug-1/commands").get(0).path("outcome").asText()).isEqualTo("ok");
        }
    }

    @Test
    void theApiSetsALampThroughItsBridge() throws Exception {
        try (NativeClient bridge = bridge()) {
            HttpResponse<String> reply = hub.send("POST", "/api/devices/living-lamp/commands/set?timeout=5s",
                    "{\"brightness\":150}", hub.adminToken);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(HubFixture.json(reply).toString()).contains("\"brightness\":150");
            assertThat(bridge.received).extracting(Object::toString).contains("zigbee2mqtt/living/lamp/set {\"brightness\":150}");
            assertThat(device("living-lamp").path("state").path("brightness").asInt()).isEqualTo(150);
        }
    }

    @Test
    void aDeviceGoingOfflineKeepsItsLastStateAndTheBridgeTakesItsDevicesAlong() throws Exception {
        NativeClient bridge = bridge();
        bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":false,\"illuminance\":30}");
        await().atMost(Duration.ofSeconds(5)).until(() -> device("hallway-motion").path("state").path("illuminance").asInt() == 30);
        bridge.publish("zigbee2mqtt/hallway-motion/availability", "{\"state\":\"offline\"}", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> device("hallway-motion").path("availability").asText().equals("offline"));
        assertThat(device("hallway-motion").path("state").path("illuminance").asInt()).isEqualTo(30);
        assertThat(device("living-lamp").path("availability").asText()).isEqualTo("online");

        bridge.dropAbruptly();
        await().atMost(Duration.ofSeconds(10)).until(() -> device("living-lamp").path("availability").asText().equals("offline"));
        assertThat(device("z2m").path("availability").asText()).isEqualTo("offline");
        try (NativeClient back = bridge()) { // its devices come back with it
            assertThat(device("living-lamp").path("availability").asText()).isEqualTo("online");
            assertThat(device("hallway-motion").path("availability").asText()).as("it said itself that it is away")
                    .isEqualTo("offline");
            back.publish("zigbee2mqtt/hallway-motion/availability", "{\"state\":\"online\"}", true);
            await().atMost(Duration.ofSeconds(5)).until(() -> device("hallway-motion").path("availability").asText().equals("online"));
        }
    }

    @Test
    void theBridgeSpeaksOnlyForTheDevicesOfItsListAndOnlyOnItsBaseTopic() throws Exception {
        double unknown = hub.rejected("unknown_device");
        double outside = hub.rejected("topic_not_allowed");
        try (NativeClient bridge = bridge()) {
            // bed-1 is in its list, but a Hearth device of the config: not the bridge's to speak for
            bridge.publish("zigbee2mqtt/bed-1", "{\"occupant\":\"awake\"}");
            bridge.publish("zigbee2mqtt/kitchen/lamp", "{\"state\":\"ON\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("unknown_device") == unknown + 2);
            assertThat(bridge.isConnected()).isTrue();
            assertThat(hub.getJson("/api/devices/bed-1").path("state").has("occupant")).isFalse();
            assertThat(hub.getJson("/api/devices/bed-1").path("protocol").asText()).isEqualTo("hearth");
            try {
                bridge.publish("tele/" + TasmotaIT.TOPIC + "/STATE", "{\"POWER\":\"ON\"}");
            } catch (Exception refused) {
                // the broker drops the connection
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !bridge.isConnected());
        }
        assertThat(hub.rejected("topic_not_allowed")).isEqualTo(outside + 1);
    }

    private JsonNode device(String id) {
        return hub.getJson("/api/devices/" + id);
    }
}
