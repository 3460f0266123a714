package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.security.PasswordHasher;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's native devices against a real hub: a simulated Tasmota plug and a Zigbee2MQTT bridge with a motion
 * sensor log in with their native credentials; the rule on the sensor's occupancy switches the plug with
 * cmnd/<topic>/POWER ON, the plug answers as Tasmota does, and the hub's API shows it on. The same scenario and rule
 * (simulator/README.md's example) pass on the virtual clock, where the devices speak canonically to the in-memory hub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedNativeDevicesIT {
    private static final String RULES = """
            rules:
              - id: hallway-plug
                when:
                  - state: hallway-motion.occupancy
                    to: true
                then:
                  - command: plug-1.turn_on
                    timeout: 5s
            """;

    private HubFixture hub;
    private ScheduledExecutorService scheduler;

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        scheduler = Executors.newScheduledThreadPool(2);
        hub = HubFixture.startWithDevices(folder, RULES, """
                  - id: plug-1
                    protocol: tasmota
                    topic: tasmota_ABC123
                    password-hash: "%s"
                  - id: z2m
                    protocol: zigbee2mqtt
                    password-hash: "%s"
                """.formatted(PasswordHasher.hash("plug-1-example"), PasswordHasher.hash("z2m-example")));
    }

    @AfterAll
    void stopHub() {
        hub.close();
        scheduler.shutdownNow();
    }

    /** The example of simulator/README.md's "Devices people own". */
    private static Scenario readmeExample() throws Exception {
        String readme = Files.readString(HubFixture.repositoryFile("simulator/README.md"));
        int section = readme.indexOf("## Devices people own");
        int from = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        return new ScenarioLoader().parse("simulator/README.md", readme.substring(from, readme.indexOf("```", from)));
    }

    @Test
    void motionOnTheSimulatedZigbeeSensorSwitchesTheSimulatedTasmotaPlugThroughTheHub() throws Exception {
        Scenario scenario = readmeExample();

        ScenarioReport report = new ScenarioRunner(hub.brokerUri(), scheduler, Clock.systemUTC())
                .withHubApi(URI.create("http://127.0.0.1:" + hub.hub.httpPort()), hub.readToken)
                .run(scenario);

        assertThat(report.errors()).isEmpty();
        assertThat(report.passed()).as(report.summary()).isTrue();
        JsonNode plug = hub.getJson("/api/devices/plug-1");
        assertThat(plug.path("protocol").asText()).isEqualTo("tasmota");
        assertThat(plug.path("meta").path("attributes").has("energy_power")).as("learnt from its SENSOR").isTrue();
        JsonNode command = hub.getJson("/api/devices/plug-1/commands").get(0);
        assertThat(command.path("command").asText()).isEqualTo("turn_on");
        assertThat(command.path("outcome").asText()).as("confirmed by the plug's stat/ answer").isEqualTo("ok");
        JsonNode motion = hub.getJson("/api/devices/hallway-motion");
        assertThat(motion.path("origin").toString()).isEqualTo("{\"login\":\"z2m\",\"name\":\"hallway-motion\"}");
        assertThat(motion.path("state").path("occupancy").asBoolean()).isTrue();
        assertThat(motion.path("meta").path("attributes").path("illuminance").toString()).isEqualTo("{\"type\":\"number\",\"unit\":\"lx\"}");
    }

    @Test
    void theSameScenarioAndRulePassOnTheVirtualClock(@TempDir Path rulesFolder) throws Exception {
        Files.writeString(rulesFolder.resolve("hallway.yaml"), RULES);
        RuleSet rules = ((LoadResult.Loaded) new RulesLoader().load(rulesFolder)).rules();

        ScenarioReport report = new VirtualScenarioRunner(rules).run(readmeExample());

        assertThat(report.passed()).as(report.summary()).isTrue();
    }
}
