package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.security.PasswordHasher;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ESPHome node as its firmware behaves with the MQTT component's defaults, on MQTT 3.1.1: client id and node name
 * {@code garage-node}, last will {@code garage-node/status offline} (retained), birth {@code online}, retained discovery
 * configs under {@code homeassistant/<component>/garage-node/<object_id>/config} (abbreviated, its device's
 * {@code ids} a plain string), states on {@code garage-node/<component>/<object_id>/state}, commands taken on
 * {@code .../command}. A rule fires on its door and switches its relay with the config's payload_on; its light,
 * number and button are commanded from the API; when its window opens (a binary sensor whose json_attributes_topic
 * carries its battery) a rule turns its heating (a climate) down, and the API moves its gate (a cover). Beside it a
 * bridge-like login floods 1,200 configs for 120 devices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HaDiscoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NODE = "garage-node";
    static final String BRIDGE = "rf-bridge";
    static final String PASSWORD = "esphome-secret";
    private static final String DEVICE = "\"dev\":{\"ids\":\"a4cf12abcdef\",\"name\":\"garage-node\",\"sw\":\"esphome v2024.11.1\","
            + "\"mdl\":\"esp32dev\",\"mf\":\"espressif\"}";
    private static final String AVAILABILITY = "\"avty_t\":\"garage-node/status\"";
    static final Map<String, String> CONFIGS = Map.of(
            "sensor/garage-node/temperature", "{\"dev_cla\":\"temperature\",\"unit_of_meas\":\"°C\",\"stat_cla\":\"measurement\","
                    + "\"name\":\"Temperature\",\"stat_t\":\"garage-node/sensor/temperature/state\"," + AVAILABILITY
                    + ",\"uniq_id\":\"a4cf12abcdefsensortemperature\"," + DEVICE + "}",
            "binary_sensor/garage-node/door", "{\"dev_cla\":\"door\",\"name\":\"Door\",\"stat_t\":\"garage-node/binary_sensor/door/state\","
                    + AVAILABILITY + ",\"uniq_id\":\"a4cf12abcdefbinary_sensordoor\"," + DEVICE + "}",
            "switch/garage-node/relay", "{\"name\":\"Relay\",\"stat_t\":\"garage-node/switch/relay/state\","
                    + "\"cmd_t\":\"garage-node/switch/relay/command\"," + AVAILABILITY + ",\"uniq_id\":\"a4cf12abcdefswitchrelay\"," + DEVICE + "}",
            "light/garage-node/lamp", "{\"name\":\"Lamp\",\"schema\":\"json\",\"brightness\":true,\"color_mode\":true,"
                    + "\"supported_color_modes\":[\"brightness\"],\"stat_t\":\"garage-node/light/lamp/state\","
                    + "\"cmd_t\":\"garage-node/light/lamp/command\"," + AVAILABILITY + ",\"uniq_id\":\"a4cf12abcdeflightlamp\"," + DEVICE + "}",
            "number/garage-node/fan_speed", "{\"name\":\"Fan Speed\",\"stat_t\":\"garage-node/number/fan_speed/state\","
                    + "\"cmd_t\":\"garage-node/number/fan_speed/command\",\"min\":0,\"max\":100,\"step\":1,\"unit_of_meas\":\"%\","
                    + AVAILABILITY + ",\"uniq_id\":\"a4cf12abcdefnumberfan_speed\"," + DEVICE + "}",
            "select/garage-node/fan_mode", "{\"name\":\"Fan Mode\",\"stat_t\":\"garage-node/select/fan_mode/state\","
                    + "\"cmd_t\":\"garage-node/select/fan_mode/command\",\"ops\":[\"low\",\"high\",\"auto\"]," + AVAILABILITY
                    + ",\"uniq_id\":\"a4cf12abcdefselectfan_mode\"," + DEVICE + "}",
            "button/garage-node/restart", "{\"name\":\"Restart\",\"dev_cla\":\"restart\",\"cmd_t\":\"garage-node/button/restart/command\","
                    + AVAILABILITY + ",\"uniq_id\":\"a4cf12abcdefbuttonrestart\"," + DEVICE + "}",
            "cover/garage-node/gate", "{\"name\":\"Gate\",\"dev_cla\":\"gate\",\"stat_t\":\"garage-node/cover/gate/state\","
                    + "\"cmd_t\":\"garage-node/cover/gate/command\",\"pos_t\":\"garage-node/cover/gate/position/state\","
                    + "\"set_pos_t\":\"garage-node/cover/gate/position/command\"," + AVAILABILITY
                    + ",\"uniq_id\":\"a4cf12abcdefcovergate\"," + DEVICE + "}",
            "climate/garage-node/heating", "{\"name\":\"Heating\",\"curr_temp_t\":\"garage-node/climate/heating/current_temperature/state\","
                    + "\"mode_cmd_t\":\"garage-node/climate/heating/mode/command\",\"mode_stat_t\":\"garage-node/climate/heating/mode/state\","
                    + "\"modes\":[\"off\",\"heat\"],\"temp_cmd_t\":\"garage-node/climate/heating/target_temperature/command\","
                    + "\"temp_stat_t\":\"garage-node/climate/heating/target_temperature/state\",\"min_temp\":5,\"max_temp\":30,"
                    + "\"temp_step\":0.5,\"act_t\":\"garage-node/climate/heating/action/state\"," + AVAILABILITY
                    + ",\"uniq_id\":\"a4cf12abcdefclimateheating\"," + DEVICE + "}",
            // ESPHome sends no json_attributes_topic; other firmwares put a sensor's extras there
            "binary_sensor/garage-node/window", "{\"dev_cla\":\"window\",\"name\":\"Window\","
                    + "\"stat_t\":\"garage-node/binary_sensor/window/state\",\"json_attr_t\":\"garage-node/binary_sensor/window/attributes\","
                    + AVAILABILITY + ",\"uniq_id\":\"a4cf12abcdefbinary_sensorwindow\"," + DEVICE + "}");
    private static final String RULES = """
            rules:
              - id: door-opens-the-relay
                when:
                  - state: garage-node.door
                    to: true
                then:
                  - command: garage-node.turn_on
                    args: { entity: relay }
                    timeout: 5s
              - id: hot-garage-fan
                when:
                  - state: garage-node.temperature
                    above: 30
                then:
                  - command: garage-node.set
                    args: { entity: fan_speed, value: 100 }
                    timeout: 5s
              - id: window-open-heating-down
                when:
                  - state: garage-node.window
                    to: true
                if:
                  - expr: "state['garage-node'].heating == 'heat' && state['garage-node'].battery > 10"
                then:
                  - command: garage-node.set_temperature
                    args: { entity: heating, temperature: 7 }
                    timeout: 5s
            """;

    private HubFixture hub;

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        String hash = PasswordHasher.hash(PASSWORD);
        hub = HubFixture.startWithDevices(folder, RULES, """
                  - id: %s
                    protocol: ha-discovery
                    password-hash: "%s"
                  - id: %s
                    protocol: ha-discovery
                    password-hash: "%s"
                """.formatted(NODE, hash, BRIDGE, hash));
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    /**
     * What the node's firmware does with a command: a switch or number takes the payload and reports it, the JSON
     * light reports its new state, a button is pressed; every command is kept, as topic and payload.
     */
    static final class Firmware {
        final List<String> commands = new CopyOnWriteArrayList<>();

        void handle(NativeClient node, String topic, String payload) {
            commands.add(topic + " " + payload);
            String state = topic.replaceFirst("/command$", "/state");
            if (topic.startsWith(NODE + "/switch/") || topic.startsWith(NODE + "/number/") || topic.startsWith(NODE + "/select/")
                    || topic.startsWith(NODE + "/climate/") || topic.startsWith(NODE + "/cover/gate/position/")) {
                node.publishLater(state, payload);
            } else if (topic.startsWith(NODE + "/cover/")) {
                boolean open = payload.equals("OPEN");
                node.publishLater(state, open ? "open" : "closed");
                node.publishLater(NODE + "/cover/gate/position/state", open ? "100" : "0");
            } else if (topic.startsWith(NODE + "/light/")) {
                try {
                    JsonNode command = JSON.readTree(payload);
                    node.publishLater(state, "{\"state\":\"" + command.path("state").asText() + "\",\"brightness\":"
                            + command.path("brightness").asInt(255) + ",\"color_mode\":\"brightness\"}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        long count(String line) {
            return commands.stream().filter(line::equals).count();
        }
    }

    /** The node connecting as ESPHome does: last will, birth, subscriptions, its retained configs, then its states. */
    private NativeClient node(Firmware firmware) throws Exception {
        NativeClient node = NativeClient.connect(hub.brokerUri(), NODE, NODE, PASSWORD, NODE + "/status", "offline");
        node.onMessage((topic, payload) -> firmware.handle(node, topic, payload));
        node.publish(NODE + "/status", "online", true);
        node.subscribe(NODE + "/+/+/command");
        node.subscribe(NODE + "/+/+/+/command");
        for (Map.Entry<String, String> config : CONFIGS.entrySet()) {
            node.publish("homeassistant/" + config.getKey() + "/config", config.getValue(), true);
        }
        node.publish(NODE + "/sensor/temperature/state", "21.5", true);
        node.publish(NODE + "/binary_sensor/door/state", "OFF", true);
        node.publish(NODE + "/switch/relay/state", "OFF", true);
        node.publish(NODE + "/light/lamp/state", "{\"state\":\"OFF\",\"brightness\":255,\"color_mode\":\"brightness\"}", true);
        node.publish(NODE + "/number/fan_speed/state", "30", true);
        node.publish(NODE + "/select/fan_mode/state", "low", true);
        node.publish(NODE + "/cover/gate/state", "closed", true);
        node.publish(NODE + "/cover/gate/position/state", "0", true);
        node.publish(NODE + "/climate/heating/mode/state", "heat", true);
        node.publish(NODE + "/climate/heating/current_temperature/state", "19.5", true);
        node.publish(NODE + "/climate/heating/target_temperature/state", "21", true);
        node.publish(NODE + "/climate/heating/action/state", "heating", true);
        node.publish(NODE + "/binary_sensor/window/state", "OFF", true);
        node.publish(NODE + "/binary_sensor/window/attributes", "{\"battery\":87,\"linkquality\":120,\"last_seen\":\"2026-12-02T06:00:00Z\"}", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> device(NODE).path("state").has("fan_speed")
                && device(NODE).path("state").path("door").isBoolean() && device(NODE).path("state").has("battery")
                && !device(NODE).path("state").path("window").asBoolean(true));
        await("the rules naming its entities load once it has announced them").atMost(Duration.ofSeconds(5))
                .until(() -> hub.getJson("/api/rules").path("loadErrors").isEmpty());
        return node;
    }

    @Test
    void theNodesEntitiesAreOneDeviceARuleSwitchesItsRelayAndTheApiCommandsTheRest() throws Exception {
        Firmware firmware = new Firmware();
        try (NativeClient node = node(firmware)) {
            node.publish(NODE + "/binary_sensor/door/state", "OFF");
            await().atMost(Duration.ofSeconds(5)).until(() -> !device(NODE).path("state").path("door").asBoolean(true));
            JsonNode device = device(NODE);
            assertThat(device.path("protocol").asText()).isEqualTo("ha-discovery");
            assertThat(device.path("availability").asText()).isEqualTo("online");
            assertThat(device.path("meta").path("attributes").path("temperature").toString())
                    .isEqualTo("{\"type\":\"number\",\"unit\":\"°C\"}");
            assertThat(device.path("meta").path("attributes").path("lamp_brightness").path("settable").asBoolean()).isTrue();
            assertThat(device.path("meta").path("vendor").asText()).isEqualTo("espressif");
            assertThat(device.path("state").path("temperature").asDouble()).isEqualTo(21.5);
            assertThat(device.path("state").path("relay").asBoolean(true)).isFalse();
            assertThat(device.path("state").path("lamp_brightness").asInt()).isEqualTo(255);
            assertThat(device.path("state").path("fan_speed").asInt()).isEqualTo(30);

            node.publish(NODE + "/binary_sensor/door/state", "ON");
            await().atMost(Duration.ofSeconds(5)).until(() -> device(NODE).path("state").path("relay").asBoolean(false));
            assertThat(firmware.commands).contains(NODE + "/switch/relay/command ON");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/" + NODE + "/commands").size() >= 1);
            JsonNode command = hub.getJson("/api/devices/" + NODE + "/commands").get(0);
            assertThat(command.path("command").asText()).isEqualTo("turn_on");
            assertThat(command.path("outcome").asText()).as(command.toString()).isEqualTo("ok");

            HttpResponse<String> lamp = hub.send("POST", "/api/devices/" + NODE + "/commands/turn_on?timeout=5s",
                    "{\"entity\":\"lamp\",\"brightness\":128}", hub.adminToken);
            assertThat(HubFixture.json(lamp).path("ok").asBoolean(false)).as(lamp.body()).isTrue();
            assertThat(firmware.commands).contains(NODE + "/light/lamp/command {\"state\":\"ON\",\"brightness\":128}");
            assertThat(device(NODE).path("state").path("lamp_brightness").asInt()).isEqualTo(128);

            HttpResponse<String> fan = hub.send("POST", "/api/devices/" + NODE + "/commands/set?timeout=5s",
                    "{\"entity\":\"fan_speed\",\"value\":55}", hub.adminToken);
            assertThat(HubFixture.json(fan).path("ok").asBoolean(false)).as(fan.body()).isTrue();
            assertThat(firmware.commands).contains(NODE + "/number/fan_speed/command 55");

            assertThat(device(NODE).path("state").path("fan_mode").asText()).isEqualTo("low");
            HttpResponse<String> mode = hub.send("POST", "/api/devices/" + NODE + "/commands/select?timeout=5s",
                    "{\"entity\":\"fan_mode\",\"option\":\"auto\"}", hub.adminToken);
            assertThat(HubFixture.json(mode).path("ok").asBoolean(false)).as(mode.body()).isTrue();
            assertThat(firmware.commands).contains(NODE + "/select/fan_mode/command auto");
            assertThat(device(NODE).path("state").path("fan_mode").asText()).isEqualTo("auto");
            HttpResponse<String> turbo = hub.send("POST", "/api/devices/" + NODE + "/commands/select?timeout=5s",
                    "{\"entity\":\"fan_mode\",\"option\":\"turbo\"}", hub.adminToken);
            assertThat(turbo.body()).contains("one of [low, high, auto]");
            assertThat(firmware.commands).noneMatch(line -> line.endsWith(" turbo"));

            HttpResponse<String> ambiguous = hub.send("POST", "/api/devices/" + NODE + "/commands/turn_off?timeout=5s", "{}",
                    hub.adminToken);
            assertThat(ambiguous.body()).contains("needs argument 'entity'", "relay", "lamp");

            HttpResponse<String> press = hub.send("POST", "/api/devices/" + NODE + "/commands/press?timeout=5s",
                    "{\"entity\":\"restart\"}", hub.adminToken);
            assertThat(HubFixture.json(press).path("result").toString()).as("done once sent: no state confirms a press")
                    .isEqualTo("{\"pressed\":\"restart\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> firmware.commands.contains(NODE + "/button/restart/command PRESS"));
        }
        // a retained command would switch the relay again each time the node reconnects: the broker holds none
        Firmware again = new Firmware();
        try (NativeClient node = node(again)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> device(NODE).path("availability").asText().equals("online"));
            assertThat(again.commands).isEmpty();
        }
    }

    @Test
    void aRuleTurnsTheHeatingDownWhenTheWindowOpensAndTheApiMovesTheGate() throws Exception {
        Firmware firmware = new Firmware();
        try (NativeClient node = node(firmware)) {
            JsonNode device = device(NODE);
            assertThat(device.path("state").path("gate").asText()).isEqualTo("closed");
            assertThat(device.path("state").path("heating").asText()).isEqualTo("heat");
            assertThat(device.path("state").path("heating_current_temperature").asDouble()).isEqualTo(19.5);
            assertThat(device.path("state").path("heating_action").asText()).isEqualTo("heating");
            assertThat(device.path("state").path("last_seen").asText()).isEqualTo("2026-12-02T06:00:00Z");
            JsonNode attributes = device.path("meta").path("attributes");
            assertThat(attributes.path("gate_position").toString()).isEqualTo("{\"type\":\"integer\",\"unit\":\"%\",\"settable\":true}");
            assertThat(attributes.path("heating_target_temperature").path("settable").asBoolean()).isTrue();
            assertThat(attributes.path("battery").toString()).isEqualTo("{\"type\":\"number\"}");
            assertThat(device.path("meta").path("commands").findValuesAsText("name"))
                    .contains("open", "close", "stop", "set_position", "set_temperature", "set_mode");

            node.publish(NODE + "/binary_sensor/window/state", "ON");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    device(NODE).path("state").path("heating_target_temperature").asDouble() == 7.0);
            assertThat(firmware.commands).contains(NODE + "/climate/heating/target_temperature/command 7");

            HttpResponse<String> open = hub.send("POST", "/api/devices/" + NODE + "/commands/open?timeout=5s",
                    "{\"entity\":\"gate\"}", hub.adminToken);
            assertThat(HubFixture.json(open).path("result").toString()).as(open.body()).isEqualTo("{\"gate\":\"open\"}");
            assertThat(firmware.commands).contains(NODE + "/cover/gate/command OPEN");
            // the position it reports after opening would otherwise be the reply to the next command, as it is on a device
            await().atMost(Duration.ofSeconds(5)).until(() -> device(NODE).path("state").path("gate_position").asInt() == 100);
            HttpResponse<String> half = hub.send("POST", "/api/devices/" + NODE + "/commands/set_position?timeout=5s",
                    "{\"entity\":\"gate\",\"position\":40}", hub.adminToken);
            assertThat(HubFixture.json(half).path("result").toString()).as(half.body()).isEqualTo("{\"gate_position\":40}");
            assertThat(firmware.commands).contains(NODE + "/cover/gate/position/command 40");
            HttpResponse<String> off = hub.send("POST", "/api/devices/" + NODE + "/commands/set_mode?timeout=5s",
                    "{\"mode\":\"off\"}", hub.adminToken);
            assertThat(HubFixture.json(off).path("result").toString()).as(off.body()).isEqualTo("{\"heating\":\"off\"}");
            HttpResponse<String> hot = hub.send("POST", "/api/devices/" + NODE + "/commands/set_temperature?timeout=5s",
                    "{\"temperature\":40}", hub.adminToken);
            assertThat(hot.body()).contains("a number from 5 to 30 in steps of 0.5, got 40");
            assertThat(firmware.commands).noneMatch(line -> line.endsWith("target_temperature/command 40"));

            double invalid = hub.rejected("invalid_value");
            node.publish(NODE + "/binary_sensor/window/attributes", "[87]");
            node.publish(NODE + "/climate/heating/mode/state", "cool");
            node.publish(NODE + "/cover/gate/position/state", "150");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("invalid_value") == invalid + 3);
            device = device(NODE);
            assertThat(device.path("state").path("heating").asText()).as("the last good values stay").isEqualTo("off");
            assertThat(device.path("state").path("gate_position").asInt()).isEqualTo(40);
            assertThat(device.path("state").path("battery").asInt()).isEqualTo(87);
        }
    }

    @Test
    void anUnchangedStateReportedAgainDoesNotFireTheRuleAgain() throws Exception {
        Firmware firmware = new Firmware();
        try (NativeClient node = node(firmware)) {
            node.publish(NODE + "/sensor/temperature/state", "21.5");
            node.publish(NODE + "/binary_sensor/door/state", "OFF");
            node.publish(NODE + "/binary_sensor/door/state", "ON");
            await().atMost(Duration.ofSeconds(5)).until(() -> firmware.count(NODE + "/switch/relay/command ON") == 1);
            node.publish(NODE + "/binary_sensor/door/state", "ON"); // the same state, as a node re-reports it
            node.publish(NODE + "/sensor/temperature/state", "31.0");
            // the rules run in order: once the fan's command is out, a second relay command would have been before it
            await().atMost(Duration.ofSeconds(5)).until(() -> firmware.commands.contains(NODE + "/number/fan_speed/command 100"));
            assertThat(firmware.count(NODE + "/switch/relay/command ON")).isEqualTo(1);
        }
    }

    @Test
    void itsAvailabilityTopicAndItsLastWillTakeItOfflineKeepingItsState() throws Exception {
        NativeClient node = node(new Firmware());
        await().atMost(Duration.ofSeconds(5)).until(() -> device(NODE).path("availability").asText().equals("online"));
        node.publish(NODE + "/status", "offline", true); // as ESPHome says it before a planned restart
        await().atMost(Duration.ofSeconds(5)).until(() -> device(NODE).path("availability").asText().equals("offline"));
        node.publish(NODE + "/status", "online", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> device(NODE).path("availability").asText().equals("online"));
        node.dropAbruptly(); // power cut: the broker publishes the retained last will
        await().atMost(Duration.ofSeconds(10)).until(() -> device(NODE).path("availability").asText().equals("offline"));
        assertThat(device(NODE).path("state").path("temperature").isNumber()).as("going offline keeps the state").isTrue();
    }

    @Test
    void anEmptiedConfigRemovesItsEntityAndAChangedOneChangesIt() throws Exception {
        try (NativeClient node = node(new Firmware())) {
            node.publish("homeassistant/number/garage-node/fan_speed/config", "", true);
            await().atMost(Duration.ofSeconds(5)).until(() -> !device(NODE).path("meta").path("attributes").has("fan_speed"));
            JsonNode device = device(NODE);
            assertThat(device.path("state").has("fan_speed")).as("no ghost in the state").isFalse();
            assertThat(device.path("meta").path("commands").toString()).doesNotContain("\"set\"");
            HttpResponse<String> gone = hub.send("POST", "/api/devices/" + NODE + "/commands/set?timeout=2s",
                    "{\"entity\":\"fan_speed\",\"value\":5}", hub.adminToken);
            assertThat(gone.body()).as("its command went with it").contains("has no entity that takes 'set'");

            node.publish("homeassistant/sensor/garage-node/temperature/config", CONFIGS.get("sensor/garage-node/temperature")
                    .replace("°C", "°F"), true);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    device(NODE).path("meta").path("attributes").path("temperature").path("unit").asText().equals("°F"));
            assertThat(device(NODE).path("state").path("temperature").isNumber()).as("its value stays").isTrue();
        }
    }

    @Test
    void badConfigsAreRefusedCountedAndNeverObeyed() throws Exception {
        double notJson = hub.rejected("not_json");
        double component = hub.rejected("unknown_component");
        double outside = hub.rejected("config_topic_not_allowed");
        double template = hub.rejected("template_not_understood");
        try (NativeClient node = node(new Firmware())) {
            node.publish("homeassistant/sensor/garage-node/broken/config", "{\"stat_t\":", true);
            node.publish("homeassistant/lock/garage-node/gate/config", "{\"cmd_t\":\"garage-node/lock/gate/command\"}", true);
            node.publish("homeassistant/switch/garage-node/heater/config", "{\"name\":\"Heater\","
                    + "\"stat_t\":\"garage-node/switch/heater/state\",\"cmd_t\":\"cmnd/tasmota_ABC123/POWER\"}", true);
            node.publish("homeassistant/sensor/garage-node/wind/config", "{\"stat_t\":\"garage-node/sensor/wind/state\","
                    + "\"val_tpl\":\"{{ value_json.speed | multiply(3.6) }}\"}", true);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("not_json") == notJson + 1
                    && hub.rejected("unknown_component") == component + 1
                    && hub.rejected("config_topic_not_allowed") == outside + 1
                    && hub.rejected("template_not_understood") == template + 1);
            assertThat(node.isConnected()).as("a refused config does not drop an MQTT 3.1.1 device").isTrue();
            JsonNode attributes = device(NODE).path("meta").path("attributes");
            assertThat(attributes.has("heater") || attributes.has("wind") || attributes.has("broken"))
                    .as(attributes.toString()).isFalse();
            for (String object : List.of("sensor/garage-node/broken", "lock/garage-node/gate", "switch/garage-node/heater",
                    "sensor/garage-node/wind")) {
                node.publish("homeassistant/" + object + "/config", "", true);
            }
        }
        double topicNotAllowed = hub.rejected("topic_not_allowed");
        NativeClient node = NativeClient.connect(hub.brokerUri(), NODE, NODE, PASSWORD, null, null);
        node.publishRefused("homeassistant/sensor/other-node/temperature/config", CONFIGS.get("sensor/garage-node/temperature"), 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("topic_not_allowed") == topicNotAllowed + 1);
    }

    @Test
    void aFloodOfRetainedConfigsIsAllTakenWhileTheApiAnswers() throws Exception {
        int devices = 120;
        int perDevice = 10;
        try (NativeClient bridge = NativeClient.connect(hub.brokerUri(), BRIDGE, BRIDGE, PASSWORD, BRIDGE + "/status", "offline")) {
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    for (int d = 0; d < devices; d++) {
                        for (int e = 0; e < perDevice; e++) {
                            bridge.publish("homeassistant/sensor/" + BRIDGE + "/s" + d + "_v" + e + "/config",
                                    "{\"name\":\"Value " + e + "\",\"stat_t\":\"" + BRIDGE + "/s" + d + "\",\"val_tpl\":\"{{ value_json.v"
                                            + e + " | round(1) }}\",\"unit_of_meas\":\"W\",\"uniq_id\":\"s" + d + "v" + e
                                            + "\",\"dev\":{\"ids\":[\"rf" + d + "\"],\"name\":\"rf-sensor-" + d + "\"}}", true);
                            sent.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int answeredDuring = 0;
            while (!flood.isDone()) {
                HttpResponse<String> answer = hub.get("/api/devices/" + NODE);
                if (answer.statusCode() == 200 && sent.get() < devices * perDevice) {
                    answeredDuring++;
                }
            }
            flood.join();
            assertThat(answeredDuring).as("the API answered while the configs came").isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> device("rf-sensor-" + (devices - 1)).path("meta")
                    .path("attributes").size() == perDevice);
            for (int d = 0; d < devices; d++) {
                assertThat(device("rf-sensor-" + d).path("meta").path("attributes").size()).as("rf-sensor-" + d).isEqualTo(perDevice);
            }
            bridge.publish(BRIDGE + "/s7", "{\"v0\":12.345,\"v9\":\"3\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> device("rf-sensor-7").path("state").path("s7_v9").asDouble() == 3.0);
            assertThat(device("rf-sensor-7").path("state").path("s7_v0").asDouble()).isEqualTo(12.3);
            assertThat(device("rf-sensor-7").path("origin").path("login").asText()).isEqualTo(BRIDGE);
        }
    }

    private JsonNode device(String id) {
        return hub.getJson("/api/devices/" + id);
    }
}
