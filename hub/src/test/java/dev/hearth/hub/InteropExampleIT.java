package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import dev.hearth.simulator.scenario.Scenario;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.simulator.scenario.ScenarioReport;
import dev.hearth.simulator.scenario.ScenarioRunner;
import dev.hearth.simulator.scenario.VirtualScenarioRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/examples/interop/ as shipped, but for its ports: a Tasmota plug logging in as {@code tasmota-plug-1} (its
 * Hearth id is {@code plug-1}) and a Zigbee2MQTT bridge with a motion sensor, both played by Paho 3.1.1 clients as
 * the firmware does; motion switches the plug on, and the plug's answer shows in the API.
 */
class InteropExampleIT {
    private static final Path EXAMPLE = HubFixture.repositoryFile("deploy/examples/interop");
    private static final String DEVICE_LIST = "[{\"friendly_name\":\"hallway-motion\",\"ieee_address\":\"0x00158d0001a2b3c4\","
            + "\"definition\":{\"model\":\"RTCGQ11LM\",\"exposes\":[{\"type\":\"binary\",\"property\":\"occupancy\",\"access\":1,"
            + "\"value_on\":true,\"value_off\":false}]}}]";

    @Test
    void motionSwitchesThePlugOnAndItsAnswerShowsInTheApi(@TempDir Path folder) throws Exception {
        try (HubFixture hub = HubFixture.startFrom(copyOnFreePorts(folder));
             NativeClient plug = NativeClient.connect(hub.brokerUri(), "DVES_" + UUID.randomUUID().toString().substring(0, 6),
                     "tasmota-plug-1", "tasmota-plug-1-example", "tele/plug-1/LWT", "Offline");
             NativeClient bridge = NativeClient.connect(hub.brokerUri(), "z2m-" + UUID.randomUUID(), "z2m", "z2m-example",
                     "zigbee2mqtt/bridge/state", "{\"state\":\"offline\"}")) {
            plug.subscribe("cmnd/plug-1/#");
            bridge.publish("zigbee2mqtt/bridge/devices", DEVICE_LIST, true);
            await("the rule naming hallway-motion loads once the bridge has listed it").atMost(Duration.ofSeconds(10))
                    .until(() -> hub.getJson("/api/rules").toString().contains("hallway-plug")
                            && hub.getJson("/api/rules").path("loadErrors").isEmpty());
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":false}");
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":true}");

            await().atMost(Duration.ofSeconds(5)).until(() -> !plug.received.isEmpty());
            assertThat(plug.received).extracting(NativeClient.Received::topic, NativeClient.Received::payload,
                    NativeClient.Received::retained).containsExactly(org.assertj.core.groups.Tuple.tuple("cmnd/plug-1/POWER", "ON", false));

            plug.publish("stat/plug-1/POWER", "ON");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/plug-1").path("state").path("power").asBoolean());
            JsonNode device = hub.getJson("/api/devices/plug-1");
            assertThat(device.path("protocol").asText()).isEqualTo("tasmota");
            assertThat(device.path("origin").path("login").asText()).isEqualTo("tasmota-plug-1");
            assertThat(device.path("origin").path("name").asText()).isEqualTo("plug-1");
            assertThat(hub.getJson("/api/devices/hallway-motion").path("origin").path("login").asText()).isEqualTo("z2m");
        }
    }

    @Test
    void thePlugLogsInByItsUsernameOnlyNotByItsId(@TempDir Path folder) throws Exception {
        try (HubFixture hub = HubFixture.startFrom(copyOnFreePorts(folder))) {
            assertThatThrownBy(() -> NativeClient.connect(hub.brokerUri(), "plug-by-id", "plug-1", "tasmota-plug-1-example", null, null))
                    .isInstanceOf(MqttException.class)
                    .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            try (NativeClient plug = NativeClient.connect(hub.brokerUri(), "plug-by-username", "tasmota-plug-1",
                    "tasmota-plug-1-example", null, null)) {
                plug.publish("tele/plug-1/STATE", "{\"POWER\":\"OFF\"}");
                await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/plug-1").path("availability").asText().equals("online"));
            }
        }
    }

    @Test
    void theExamplesScenarioPassesWithSimulatedDevicesAgainstTheHub(@TempDir Path folder) throws Exception {
        Scenario scenario = new ScenarioLoader().load(EXAMPLE.resolve("scenario.yaml"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (HubFixture hub = HubFixture.startFrom(copyOnFreePorts(folder))) {
            ScenarioReport report = new ScenarioRunner(hub.brokerUri(), scheduler, Clock.systemUTC())
                    .withHubApi(URI.create("http://127.0.0.1:" + hub.hub.httpPort()), hub.readToken)
                    .run(scenario);

            assertThat(report.passed()).as(report.summary()).isTrue();
            assertThat(hub.getJson("/api/devices/plug-1/commands").get(0).path("outcome").asText())
                    .as("confirmed by the simulated plug's stat/plug-1/POWER answer").isEqualTo("ok");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void theExamplesScenarioPassesOnTheVirtualClockAgainstItsRules() throws Exception {
        RuleSet rules = ((LoadResult.Loaded) new RulesLoader().load(EXAMPLE.resolve("rules"))).rules();

        ScenarioReport report = new VirtualScenarioRunner(rules).run(new ScenarioLoader().load(EXAMPLE.resolve("scenario.yaml")));

        assertThat(report.passed()).as(report.summary()).isTrue();
    }

    /** The example's folder copied, its hearth.yml as written but for its two ports (0: free ones). */
    private static Path copyOnFreePorts(Path folder) throws Exception {
        String config = Files.readString(EXAMPLE.resolve("hearth.yml"));
        assertThat(config).containsOnlyOnce("port: 1883").containsOnlyOnce("port: 8080");
        Path copy = folder.resolve("hearth.yml");
        Files.writeString(copy, config.replace("port: 1883", "port: 0").replace("port: 8080", "port: 0"));
        Files.createDirectories(folder.resolve("rules"));
        Files.copy(EXAMPLE.resolve("rules/hallway-plug.yaml"), folder.resolve("rules/hallway-plug.yaml"));
        return copy;
    }
}
