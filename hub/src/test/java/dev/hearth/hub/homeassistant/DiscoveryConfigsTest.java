package dev.hearth.hub.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryConfigsTest {
    private final DiscoveryConfigs configs = new DiscoveryConfigs(new HaTopics("homeassistant"), "1.2.3",
            Optional.of("http://hub.local:8080/"));

    private static ObjectNode meta(String json) {
        try {
            return WireJson.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (WireJson.InvalidPayloadException e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, Entity> byTopic(String deviceId, String meta) {
        return configs.of(deviceId, meta(meta)).stream().collect(Collectors.toMap(Entity::discoveryTopic, entity -> entity));
    }

    @Test
    void aNumberIsASensorWithItsUnitAndTheDeviceClassTheUnitSays() {
        Map<String, Entity> entities = byTopic("pi-1", """
                {"type":"pi","attributes":{"cpu_celsius":{"type":"number","unit":"°C"},"load":{"type":"number"}}}""");
        assertThat(entities).containsOnlyKeys("homeassistant/sensor/pi-1/cpu_celsius/config", "homeassistant/sensor/pi-1/load/config");
        JsonNode cpu = entities.get("homeassistant/sensor/pi-1/cpu_celsius/config").config();
        assertThat(cpu.path("unique_id").asText()).isEqualTo("hearth_pi-1_cpu_celsius");
        assertThat(cpu.path("state_topic").asText()).isEqualTo("hearth/ha/pi-1/state/cpu_celsius");
        assertThat(cpu.has("value_template")).as("the state topic carries the plain value").isFalse();
        assertThat(cpu.path("unit_of_measurement").asText()).isEqualTo("°C");
        assertThat(cpu.path("device_class").asText()).isEqualTo("temperature");
        assertThat(cpu.path("state_class").asText()).isEqualTo("measurement");
        assertThat(cpu.path("availability_mode").asText()).isEqualTo("all");
        assertThat(cpu.path("availability").toString()).isEqualTo("[{\"topic\":\"hearth/ha/pi-1/availability\","
                + "\"payload_available\":\"online\",\"payload_not_available\":\"offline\"},{\"topic\":\"hearth/status\","
                + "\"payload_available\":\"online\",\"payload_not_available\":\"offline\"}]");
        assertThat(cpu.path("device").toString()).isEqualTo("{\"identifiers\":[\"hearth_pi-1\"],\"name\":\"pi-1\",\"model\":\"pi\"}");
        assertThat(cpu.path("origin").toString())
                .isEqualTo("{\"name\":\"Hearth\",\"sw_version\":\"1.2.3\",\"support_url\":\"http://hub.local:8080/\"}");
        JsonNode load = entities.get("homeassistant/sensor/pi-1/load/config").config();
        assertThat(load.has("device_class")).isFalse();
        assertThat(load.has("unit_of_measurement")).isFalse();
    }

    @Test
    void aDeviceThatAnnouncesItselfToHomeAssistantGetsNoConfigsOfOurs() {
        // an ESPHome node's own configs are on homeassistant/<component>/<its id>/...: ours would overwrite them
        assertThat(byTopic("garage-node", """
                {"type":"ha-discovery","attributes":{"temperature":{"type":"number","unit":"°C"}},
                 "origin":{"protocol":"ha-discovery","login":"garage-node","name":"garage-node"}}""")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"°C,temperature,measurement", "W,power,measurement", "kWh,energy,total_increasing", "V,voltage,measurement",
            "dBm,signal_strength,measurement", "%,,measurement", "ppm,,measurement"})
    void theUnitSaysTheDeviceClassOnlyWhereItIsCertain(String unit, String deviceClass, String stateClass) {
        JsonNode config = configs.of("meter", meta("{\"type\":\"meter\",\"attributes\":{\"x\":{\"type\":\"number\",\"unit\":\""
                + unit + "\"}}}")).get(0).config();
        assertThat(config.path("device_class").isMissingNode() ? null : config.path("device_class").asText()).isEqualTo(deviceClass);
        assertThat(config.path("state_class").asText()).isEqualTo(stateClass);
    }

    @Test
    void aReadOnlyBooleanIsABinarySensorAndASettableOneASwitchOverTheDesiredState() {
        Map<String, Entity> entities = byTopic("hall", """
                {"type":"sensor","attributes":{"motion":{"type":"boolean"},"heater":{"type":"boolean","settable":true}}}""");
        JsonNode motion = entities.get("homeassistant/binary_sensor/hall/motion/config").config();
        assertThat(motion.path("payload_on").asText()).isEqualTo("ON");
        assertThat(motion.has("command_topic")).isFalse();
        Entity heater = entities.get("homeassistant/switch/hall/heater/config");
        assertThat(heater.config().path("command_topic").asText()).isEqualTo("hearth/ha/hall/set/heater");
        assertThat(heater.config().path("state_topic").asText()).isEqualTo("hearth/ha/hall/state/heater");
        assertThat(heater.control()).contains(new Control.DesiredState("heater"));
    }

    @Test
    void anOnOffCommandPairIsOneSwitchOnItsPowerAndCommandsWithoutArgumentsAreButtons() {
        // Tasmota's profile meta, as the adapter declares it
        Map<String, Entity> entities = byTopic("plug-1", """
                {"type":"tasmota","attributes":{"power":{"type":"boolean","settable":true}},
                 "commands":[{"name":"turn_on","args":{"relay":{"type":"integer"}}},{"name":"turn_off","args":{"relay":{"type":"integer"}}},
                             {"name":"toggle","args":{"relay":{"type":"integer"}}},{"name":"restart"}],
                 "origin":{"protocol":"tasmota","login":"plug-1","name":"tasmota_ABC123"}}""");
        assertThat(entities).containsOnlyKeys("homeassistant/switch/plug-1/power/config", "homeassistant/button/plug-1/command_restart/config");
        Entity power = entities.get("homeassistant/switch/plug-1/power/config");
        assertThat(power.control()).contains(new Control.CommandPair("turn_on", "turn_off"));
        assertThat(power.config().path("payload_on").asText()).isEqualTo("ON");
        assertThat(power.config().path("payload_off").asText()).isEqualTo("OFF");
        assertThat(power.config().path("device").has("via_device")).as("the plug is its own login").isFalse();
        Entity restart = entities.get("homeassistant/button/plug-1/command_restart/config");
        assertThat(restart.config().path("command_topic").asText()).isEqualTo("hearth/ha/plug-1/press/restart");
        assertThat(restart.config().path("payload_press").asText()).isEqualTo("PRESS");
    }

    @Test
    void aTasmotaWithSeveralRelaysIsASwitchPerRelayNamedByItsDiscovery() {
        // a Sonoff Dual's meta once its own discovery has been read: power1 and power2, its model and firmware
        Map<String, Entity> entities = byTopic("desk", """
                {"type":"tasmota","attributes":{"power1":{"type":"boolean","settable":true,"name":"Lamp"},
                 "power2":{"type":"boolean","settable":true,"name":"Fan"}},
                 "commands":[{"name":"turn_on","args":{"relay":{"type":"integer"}}},{"name":"turn_off","args":{"relay":{"type":"integer"}}},
                             {"name":"toggle","args":{"relay":{"type":"integer"}}}],
                 "model":"Sonoff Dual R2","firmware":"14.3.0",
                 "origin":{"protocol":"tasmota","login":"desk","name":"desk_dual","address":"A4CF12ABC123"}}""");
        assertThat(entities).containsOnlyKeys("homeassistant/switch/desk/power1/config", "homeassistant/switch/desk/power2/config");
        Entity second = entities.get("homeassistant/switch/desk/power2/config");
        assertThat(second.control()).contains(new Control.CommandPair("turn_on", "turn_off",
                java.util.Optional.of(new Control.Channel("relay", 2))));
        assertThat(second.config().path("state_topic").asText()).isEqualTo("hearth/ha/desk/state/power2");
        assertThat(second.config().path("device").path("model").asText()).isEqualTo("Sonoff Dual R2");
        assertThat(second.config().path("device").path("sw_version").asText()).isEqualTo("14.3.0");
    }

    @Test
    void aDeviceBehindABridgeNamesItAsViaDeviceWithItsVendorAndModel() {
        Map<String, Entity> entities = byTopic("living.lamp", """
                {"type":"LED1545G12","vendor":"IKEA","attributes":{"state":{"type":"string","settable":true},
                 "brightness":{"type":"integer","settable":true},"linkquality":{"type":"integer","unit":"lqi"}},
                 "commands":["set","turn_on","turn_off","toggle"],
                 "origin":{"protocol":"zigbee2mqtt","login":"z2m","name":"living/lamp","address":"0x01"}}""");
        Entity state = entities.get("homeassistant/switch/living_lamp/state/config");
        assertThat(state.config().path("state_topic").asText()).isEqualTo("hearth/ha/living.lamp/state/state");
        assertThat(state.config().path("device").toString()).isEqualTo("{\"identifiers\":[\"hearth_living_lamp\"],"
                + "\"name\":\"living.lamp\",\"model\":\"LED1545G12\",\"manufacturer\":\"IKEA\",\"via_device\":\"hearth_z2m\"}");
        assertThat(entities).containsKeys("homeassistant/sensor/living_lamp/brightness/config",
                "homeassistant/sensor/living_lamp/linkquality/config", "homeassistant/button/living_lamp/command_toggle/config");
        assertThat(entities).doesNotContainKeys("homeassistant/button/living_lamp/command_set/config",
                "homeassistant/button/living_lamp/command_turn_on/config");
    }

    @Test
    void aSettableBooleanOfADeviceThatTakesSetIsSwitchedWithSet() {
        List<Entity> entities = configs.of("child-lock", meta("""
                {"type":"plug","attributes":{"child_lock":{"type":"boolean","settable":true}},"commands":["set"]}"""));
        assertThat(entities).extracting(Entity::control).containsExactly(Optional.of(new Control.SetCommand("child_lock")));
    }

    @Test
    void objectsNamesThatAreNoTopicLevelAndAnUnreadableMetaGiveNoEntity() {
        assertThat(configs.of("x", meta("""
                {"type":"t","attributes":{"pos":{"type":"object"},"a/b":{"type":"number"},"a+":{"type":"boolean"}},
                 "commands":[{"name":"brew","args":{"cups":{"type":"integer"}}}]}"""))).isEmpty();
        assertThat(configs.of("x", meta("{\"attributes\":{}}"))).as("no type: no device meta").isEmpty();
    }
}
