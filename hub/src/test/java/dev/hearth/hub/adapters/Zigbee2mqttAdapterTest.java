package dev.hearth.hub.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.profile.Profiles;
import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Zigbee2MQTT profile: a bridge speaking for the devices of its list, friendly names with '/' included. */
public class Zigbee2mqttAdapterTest {
    /**
     * A device list as Zigbee2MQTT 2.x publishes it on bridge/devices (trimmed): the coordinator, a motion
     * sensor, a lamp named living/lamp, an outlet named living, and one named as a Hearth device of the config.
     */
    static final String DEVICES = sample("bridge-devices.json");

    /** A sample of native traffic kept next to these tests. */
    public static String sample(String name) {
        try (var in = Zigbee2mqttAdapterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("test sample " + name + " not readable", e);
        }
    }

    private final Adapters adapters = new Adapters(List.of(new NativeLogin("z2m", Protocol.ZIGBEE2MQTT, "zigbee2mqtt")),
            Profiles.builtIn(), Set.of("z2m", "bed-1")::contains, Clock.systemUTC());

    @BeforeEach
    void theBridgeConnectsAndListsItsDevices() {
        adapters.connected("z2m", true);
        events("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}");
    }

    private List<DeviceEvent> listDevices() {
        return events("zigbee2mqtt/bridge/devices", DEVICES);
    }

    @Test
    void theBridgeItselfIsDeclaredAndItsAccessIsItsBaseTopic() {
        assertThat(adapters.declared()).singleElement().satisfies(event ->
                assertThat(((DeviceEvent.Described) event).meta().path("type").asText()).isEqualTo("zigbee2mqtt-bridge"));
        var access = adapters.access("z2m").orElseThrow();
        assertThat(access.publish()).containsExactly("zigbee2mqtt/#");
        assertThat(access.subscribe()).containsExactly("zigbee2mqtt/#");
        assertThat(access.commandTopic()).isEqualTo("zigbee2mqtt/hearth-probe/set");
    }

    @Test
    void beforeItsDeviceListTheBridgeSpeaksForNobody() {
        assertThat(take("zigbee2mqtt/hallway-motion", "{\"occupancy\":true}")).isInstanceOfSatisfying(Reading.Refused.class,
                refused -> {
                    assertThat(refused.reason()).isEqualTo("unknown_device");
                    assertThat(refused.message()).isEqualTo("zigbee2mqtt/hallway-motion: names no device of z2m's device list"
                            + " (zigbee2mqtt/bridge/devices); a bridge speaks only for the devices it lists");
                });
    }

    @Test
    void theDeviceListDescribesEachDeviceFromItsExposes() {
        List<DeviceEvent> events = listDevices();
        assertThat(events).filteredOn(DeviceEvent.Described.class::isInstance).extracting(DeviceEvent::deviceId)
                .containsExactly("hallway-motion", "living-lamp", "living");
        assertThat(events).filteredOn(DeviceEvent.Availability.class::isInstance)
                .containsExactly(new DeviceEvent.Availability("hallway-motion", true),
                        new DeviceEvent.Availability("living-lamp", true), new DeviceEvent.Availability("living", true));
        ObjectNode motion = described(events, "hallway-motion");
        assertThat(motion.path("type").asText()).isEqualTo("RTCGQ11LM");
        assertThat(motion.path("vendor").asText()).isEqualTo("Aqara");
        assertThat(motion.path("attributes").toString()).isEqualTo("{\"occupancy\":{\"type\":\"boolean\"},"
                + "\"illuminance\":{\"type\":\"number\",\"unit\":\"lx\"},\"battery\":{\"type\":\"number\",\"unit\":\"%\"}}");
        assertThat(motion.path("commands").size()).as("nothing to set on a motion sensor").isZero();
        assertThat(motion.path("origin").toString()).isEqualTo("{\"protocol\":\"zigbee2mqtt\",\"login\":\"z2m\","
                + "\"name\":\"hallway-motion\",\"address\":\"0x00158d0001a2b3c4\"}");
        ObjectNode lamp = described(events, "living-lamp");
        assertThat(lamp.path("attributes").path("state").toString()).isEqualTo("{\"type\":\"string\",\"settable\":true}");
        assertThat(lamp.path("attributes").path("color").path("type").asText()).isEqualTo("object");
        assertThat(lamp.path("commands").findValuesAsText("name")).containsExactly("set", "turn_on", "turn_off", "toggle");
        assertThat(adapters.origin("living-lamp")).contains(new NativeOrigin(Protocol.ZIGBEE2MQTT, "z2m", "living/lamp"));
        assertThat(adapters.listenerOf("living-lamp")).isEqualTo("z2m");
        assertThat(adapters.devicesOf("z2m")).containsExactlyInAnyOrder("hallway-motion", "living-lamp", "living");
    }

    @Test
    void aFriendlyNameWithASlashIsOneDeviceAndItsParentAnother() {
        listDevices();
        assertThat(reported("zigbee2mqtt/living/lamp", "{\"state\":\"ON\",\"brightness\":200,\"color\":{\"x\":0.3,\"y\":0.3}}"))
                .isEqualTo(new DeviceEvent.Reported("living-lamp", json("{\"state\":\"ON\",\"brightness\":200,\"color\":{\"x\":0.3,\"y\":0.3}}")));
        assertThat(reported("zigbee2mqtt/living", "{\"state\":\"OFF\"}"))
                .isEqualTo(new DeviceEvent.Reported("living", json("{\"state\":\"OFF\"}")));
        assertThat(events("zigbee2mqtt/living/lamp/availability", "{\"state\":\"offline\"}"))
                .containsExactly(new DeviceEvent.Availability("living-lamp", false));
        assertThat(events("zigbee2mqtt/living/availability", "offline")).as("Zigbee2MQTT 1.x: plain text")
                .containsExactly(new DeviceEvent.Availability("living", false));
        assertThat(take("zigbee2mqtt/living/lamp/set", "{\"state\":\"ON\"}")).isEqualTo(new Reading.Events(List.of()));
        assertThat(take("zigbee2mqtt/kitchen/lamp", "{\"state\":\"ON\"}")).isInstanceOf(Reading.Refused.class);
    }

    @Test
    void aNameTakenByAHearthDeviceIsNotSpokenFor() {
        listDevices();
        assertThat(adapters.speaksFor("bed-1")).isFalse();
        assertThat(take("zigbee2mqtt/bed-1", "{\"occupant\":\"awake\"}")).isInstanceOfSatisfying(Reading.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo("unknown_device"));
    }

    @Test
    void theBridgeGoingOfflineTakesItsDevicesOfflineAndBack() {
        listDevices();
        events("zigbee2mqtt/hallway-motion/availability", "{\"state\":\"offline\"}");
        assertThat(events("zigbee2mqtt/bridge/state", "{\"state\":\"offline\"}")).containsExactly(
                new DeviceEvent.Availability("z2m", false), new DeviceEvent.Availability("living-lamp", false),
                new DeviceEvent.Availability("living", false));
        assertThat(events("zigbee2mqtt/bridge/state", "online")).as("the motion sensor said it is away itself").containsExactly(
                new DeviceEvent.Availability("z2m", true), new DeviceEvent.Availability("living-lamp", true),
                new DeviceEvent.Availability("living", true));
        assertThat(adapters.connected("z2m", false)).containsExactly(
                new DeviceEvent.Availability("living-lamp", false), new DeviceEvent.Availability("living", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "turn_on  | living-lamp | {}                  | zigbee2mqtt/living/lamp/set | {\"state\":\"ON\"}",
            "toggle   | living      | {}                  | zigbee2mqtt/living/set      | {\"state\":\"TOGGLE\"}",
            "set      | living-lamp | '{\"brightness\":10}' | zigbee2mqtt/living/lamp/set | {\"brightness\":10}",
    })
    void aCommandGoesToTheDevicesSetTopic(String command, String device, String args, String topic, String payload) throws Exception {
        listDevices();
        NativePublish publish = adapters.command(request(device, command, args), new byte[] {1}).orElseThrow();
        assertThat(publish.topic()).isEqualTo(topic);
        assertThat(new String(publish.payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
    }

    @Test
    void aSetIsConfirmedByTheDevicesNextStateNamingWhatItSet() throws Exception {
        listDevices();
        adapters.command(request("living-lamp", "set", "{\"brightness\":10}"), new byte[] {9});
        assertThat(events("zigbee2mqtt/living/lamp", "{\"state\":\"ON\"}")).noneMatch(DeviceEvent.Confirmed.class::isInstance);
        List<DeviceEvent> events = events("zigbee2mqtt/living/lamp", "{\"state\":\"ON\",\"brightness\":10}");
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(DeviceEvent.Confirmed.class,
                confirmed -> assertThat(confirmed.result().toString()).isEqualTo("{\"brightness\":10}"));
    }

    @Test
    void aMotionSensorHasNoCommands() {
        listDevices();
        assertThatThrownBy(() -> adapters.command(request("hallway-motion", "turn_on", "{}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class).hasMessage("hallway-motion (zigbee2mqtt) has no command 'turn_on'; it has []");
    }

    @Test
    void aDeviceThatLeavesTheListIsNoLongerSpokenFor() {
        listDevices();
        events("zigbee2mqtt/bridge/devices", DEVICES.replace("\"friendly_name\":\"living\",", "\"friendly_name\":\"gone\",")
                .replace("0x0017880103ddeeff", "0x0017880103ddeefe"));
        assertThat(adapters.speaksFor("living")).isFalse();
        assertThat(adapters.speaksFor("gone")).isTrue();
        assertThat(take("zigbee2mqtt/living", "{\"state\":\"ON\"}")).isInstanceOf(Reading.Refused.class);
    }

    @Test
    void attributesFirstSeenInAReportJoinTheMeta() {
        listDevices();
        List<DeviceEvent> events = events("zigbee2mqtt/hallway-motion", "{\"occupancy\":true,\"update_available\":false}");
        assertThat(described(events, "hallway-motion").path("attributes").path("update_available").path("type").asText())
                .isEqualTo("boolean");
        assertThat(events("zigbee2mqtt/bridge/devices", DEVICES)).as("a list sent again changes nothing").isEmpty();
    }

    @Test
    void aRestartedHubSpeaksForTheStoredDevicesBeforeTheListComesAgain() {
        ObjectNode meta = described(listDevices(), "living-lamp");
        Adapters restarted = new Adapters(List.of(new NativeLogin("z2m", Protocol.ZIGBEE2MQTT, "zigbee2mqtt")),
                Profiles.builtIn(), Set.of("z2m", "bed-1")::contains, Clock.systemUTC());
        restarted.restore("living-lamp", meta);
        restarted.restore("bed-1", meta); // a stored meta naming the bridge does not make it speak for a Hearth device
        assertThat(restarted.speaksFor("living-lamp")).isTrue();
        assertThat(restarted.speaksFor("bed-1")).isFalse();
        assertThat(restarted.take("z2m", "zigbee2mqtt/living/lamp", "{\"state\":\"OFF\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Reading.Events.class);
    }

    @Test
    void homeAssistantDiscoveryIsSwallowedAndOtherTreesAreOutside() {
        assertThat(take("homeassistant/binary_sensor/0x00158d0001a2b3c4/occupancy/config", "{}")).isInstanceOf(Reading.Swallowed.class);
        assertThat(take("tele/plug/STATE", "{}")).isInstanceOf(Reading.Outside.class);
        assertThat(take("zigbee2mqtt/bridge/info", "{\"version\":\"2.1.0\"}")).isEqualTo(new Reading.Events(List.of()));
    }

    private static ObjectNode described(List<DeviceEvent> events, String id) {
        return events.stream().filter(event -> event instanceof DeviceEvent.Described && event.deviceId().equals(id))
                .map(event -> ((DeviceEvent.Described) event).meta()).findFirst().orElseThrow();
    }

    private DeviceEvent reported(String topic, String payload) {
        return events(topic, payload).stream().filter(DeviceEvent.Reported.class::isInstance).findFirst().orElseThrow();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) WireJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private CommandRequest request(String device, String command, String args) {
        return new CommandRequest(device, command, json(args), Duration.ofSeconds(5), "test");
    }

    private Reading take(String topic, String payload) {
        return adapters.take("z2m", topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private List<DeviceEvent> events(String topic, String payload) {
        Reading reading = take(topic, payload);
        assertThat(reading).as(topic + " " + payload).isInstanceOf(Reading.Events.class);
        return ((Reading.Events) reading).events();
    }
}
