package dev.hearth.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.simulator.scenario.ScenarioLoadException;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payloads each firmware writes and the native requests it reads, as the vendors document them. */
class FirmwarePayloadsTest {
    private static final TasmotaFirmware TASMOTA = new TasmotaFirmware("plug-1", "tasmota_A1", "A4CF12000001", Duration.ofSeconds(300), 60);
    private static final Zigbee2mqttFirmware BULB = new Zigbee2mqttFirmware("z2m", "zigbee2mqtt", "living/lamp", Zigbee2mqttFirmware.Model.BULB);
    private static final ShellyFirmware SHELLY = new ShellyFirmware("shelly-1", "shellyplus1-a1");

    private static ObjectNode state(String json) throws Exception {
        return (ObjectNode) WireJson.mapper().readTree(json);
    }

    private static List<String> lines(List<Publish> messages) {
        return messages.stream().map(m -> m.topic() + " " + m.payload() + (m.retained() ? " (retained)" : "")).toList();
    }

    @Test
    void tasmotaAnswersPowerOnItsStatTopicsAndSendsEnergyEveryTelePeriod() throws Exception {
        assertThat(TASMOTA.clientId()).isEqualTo("DVES_000001");
        assertThat(lines(List.of(TASMOTA.will()))).containsExactly("tele/tasmota_A1/LWT Offline (retained)");
        assertThat(lines(TASMOTA.report(state("{\"power\":true}"), state("{\"power\":true}"))))
                .containsExactly("stat/tasmota_A1/RESULT {\"POWER\":\"ON\"}", "stat/tasmota_A1/POWER ON");
        assertThat(lines(TASMOTA.periodic(state("{\"power\":true}")))).satisfiesExactly(
                line -> assertThat(line).startsWith("tele/tasmota_A1/STATE {").contains("\"POWER\":\"ON\""),
                line -> assertThat(line).startsWith("tele/tasmota_A1/SENSOR {").contains("\"ENERGY\":{", "\"Power\":60.000", "\"Voltage\":230"));
        assertThat(TASMOTA.discoveryConfig()).contains("\"t\":\"tasmota_A1\"", "\"ft\":\"%prefix%/%topic%/\"", "\"mac\":\"A4CF12000001\"");
    }

    /** What a load run repeats: each firmware's reading where it sends it unasked. */
    @Test
    void aMeasurementIsTheReadingEachFirmwareSendsOnItsOwn() {
        Zigbee2mqttFirmware motion = new Zigbee2mqttFirmware("z2m", "z2m-1", "hall", Zigbee2mqttFirmware.Model.MOTION_SENSOR);
        EspHomeFirmware node = new EspHomeFirmware("garage", "garage-node", "a4cf12000001");
        assertThat(lines(List.of(TASMOTA.measurement(12.5)))).singleElement().asString()
                .startsWith("tele/tasmota_A1/SENSOR {\"Time\"").contains("\"Power\":12.500", "\"Factor\":1.00", "\"Current\":0.054");
        assertThat(lines(List.of(motion.measurement(42.4)))).containsExactly("z2m-1/hall {\"illuminance\":42,\"linkquality\":120}");
        assertThat(lines(List.of(BULB.measurement(80)))).containsExactly("zigbee2mqtt/living/lamp {\"brightness\":80,\"linkquality\":120}");
        assertThat(lines(List.of(SHELLY.measurement(8.9)))).singleElement().asString()
                .startsWith("shellyplus1-a1/status/switch:0 {\"id\":0,\"source\":\"MQTT\",\"output\":true,\"apower\":8.9,");
        assertThat(lines(List.of(node.measurement(21.46)))).containsExactly("garage-node/sensor/temperature/state 21.5");
    }

    @ParameterizedTest(name = "cmnd/<t>/{0} \"{1}\" -> {2}")
    @CsvSource(nullValues = "none", value = {"POWER, ON, turn_on", "POWER1, off, turn_off", "POWER, TOGGLE, toggle", "POWER, '', none"})
    void tasmotaReadsPowerCommands(String command, String payload, String canonical) {
        Optional<Firmware.Inbound> inbound = TASMOTA.inbound("cmnd/tasmota_A1/" + command, payload);
        assertThat(inbound).isPresent();
        assertThat(inbound.get().command().map(c -> c.name())).isEqualTo(Optional.ofNullable(canonical));
    }

    @Test
    void tasmotaAnswersAQueryAndIgnoresOtherTopics() throws Exception {
        Firmware.Inbound query = TASMOTA.inbound("cmnd/tasmota_A1/POWER", "").orElseThrow();
        assertThat(lines(query.answer().apply(state("{\"power\":false}"), state("{\"power\":false}"))))
                .containsExactly("stat/tasmota_A1/RESULT {\"POWER\":\"OFF\"}", "stat/tasmota_A1/POWER OFF");
        assertThat(TASMOTA.inbound("cmnd/tasmota_B2/POWER", "ON")).isEmpty();
        assertThat(TASMOTA.inbound("cmnd/tasmota_A1/Dimmer", "50")).isEmpty();
    }

    @Test
    void aZigbeeBulbPublishesItsWholeStateAndReadsItsSet() throws Exception {
        assertThat(lines(BULB.report(state("{\"brightness\":9}"), state("{\"state\":\"ON\",\"brightness\":9}"))))
                .containsExactly("zigbee2mqtt/living/lamp {\"state\":\"ON\",\"brightness\":9,\"linkquality\":120}");
        assertThat(BULB.inbound("zigbee2mqtt/living/lamp/set", "{\"state\":\"ON\"}").orElseThrow().command().orElseThrow().name()).isEqualTo("turn_on");
        assertThat(BULB.inbound("zigbee2mqtt/living/lamp/set", "{\"brightness\":80}").orElseThrow().command().orElseThrow().args().toString())
                .isEqualTo("{\"brightness\":80}");
        assertThat(BULB.inbound("zigbee2mqtt/living/lamp/set", "not json")).isEmpty();
        assertThat(lines(BULB.away())).containsExactly("zigbee2mqtt/living/lamp/availability {\"state\":\"offline\"} (retained)");
        assertThat(lines(List.of(BULB.will()))).containsExactly("zigbee2mqtt/bridge/state {\"state\":\"offline\"} (retained)");
    }

    @Test
    void aShellyRepliesToTheRequestsSourceWithItsId() throws Exception {
        Firmware.Inbound set = SHELLY.inbound("shellyplus1-a1/rpc",
                "{\"id\":3,\"src\":\"hearth/rpc-x\",\"method\":\"Switch.Set\",\"params\":{\"id\":0,\"on\":true}}").orElseThrow();
        assertThat(set.command().orElseThrow().name()).isEqualTo("turn_on");
        assertThat(lines(set.answer().apply(state("{\"switch0\":false}"), state("{\"switch0\":true}"))))
                .containsExactly("hearth/rpc-x/rpc {\"id\":3,\"src\":\"shellyplus1-a1\",\"dst\":\"hearth/rpc-x\",\"result\":{\"was_on\":false}}");
        assertThat(SHELLY.inbound("shellyplus1-a1/rpc", "{\"id\":4,\"method\":\"Switch.Toggle\"}")).as("no src: dropped").isEmpty();
        Firmware.Inbound unknown = SHELLY.inbound("shellyplus1-a1/rpc", "{\"id\":5,\"src\":\"x\",\"method\":\"Cover.Open\"}").orElseThrow();
        assertThat(unknown.command()).isEmpty();
        assertThat(lines(unknown.answer().apply(state("{}"), state("{}")))).singleElement().asString().contains("\"error\":{\"code\":404");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{ id: m, kind: zigbee2mqtt-motion-sensor, password: p }` | n.yaml:3:5: missing key 'bridge'",
            "`{ id: p, kind: tasmota-plug, password: p, bridge: z }` | n.yaml:3:47: unknown key 'bridge' in a tasmota-plug, expected one of: id, kind, password, user, topic, tele-period",
            "`{ id: p, kind: tasmota-plug, password: p, tele-period: soon }` | n.yaml:3:60: bad duration 'soon'",
            "`{ id: m, kind: zigbee2mqtt-motion-sensor, password: p, bridge: z, attributes: { motion: { constant: true } } }` | n.yaml:3:85: a zigbee2mqtt-motion-sensor has no attribute 'motion', expected one of: occupancy, illuminance, battery"})
    void aBadNativeEntrySaysWhereAndWhat(String entry, String message) {
        assertThatThrownBy(() -> new ScenarioLoader().parse("n.yaml", "name: n\ndevices:\n  - " + entry + "\nsteps: []\n"))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageContaining(message);
    }
}
