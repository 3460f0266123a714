package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import dev.hearth.simulator.scenario.DeviceSpec;
import dev.hearth.simulator.scenario.Scenario;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.simulator.scenario.ScenarioReport;
import dev.hearth.simulator.scenario.ScenarioRunner;
import dev.hearth.simulator.scenario.VirtualScenarioRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented scenarios, run live against a hub with the deploy/ morning-coffee rule, as
 * {@code hearth simulate FILE} runs them: the full example of simulator/README.md (read from
 * there, so it cannot drift) and deploy/scenarios/morning-coffee.yaml. Only the passwords are
 * swapped for this hub's: bed-1 and coffee-1 are the fixture's, the others are provisioned.
 */
class ReadmeScenariosIT {
    private static final Pattern PASSWORD = Pattern.compile("password: ([^,}\\s]+)");

    @TempDir
    Path folder;
    private HubFixture hub;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startHub() throws Exception {
        hub = HubFixture.start(folder.resolve("hub"));
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stopHub() {
        scheduler.shutdownNow();
        hub.close();
    }

    @Test
    void theSimulatorReadmesFullExamplePassesLive() throws Exception {
        String yaml = readmeExample();
        Path scenarios = Files.createDirectories(folder.resolve("scenarios"));
        Files.writeString(scenarios.resolve("door.csv"), "time,value\n0s,closed\n3s,open\n");

        ScenarioReport report = runLive(scenarios, "readme-example.yaml", yaml);

        assertThat(report.errors()).isEmpty();
        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.expectations()).hasSize(3).allMatch(e -> e.passed());
    }

    @Test
    void theSimulatorReadmesFullExamplePassesOnTheVirtualClockToo() throws Exception {
        Path scenarios = Files.createDirectories(folder.resolve("virtual"));
        Files.writeString(scenarios.resolve("door.csv"), "time,value\n0s,closed\n3s,open\n");
        Path file = Files.writeString(scenarios.resolve("readme-example.yaml"), readmeExample());
        RuleSet rules = ((LoadResult.Loaded) new RulesLoader().load(HubFixture.repositoryFile("deploy/rules"))).rules();

        ScenarioReport report = new VirtualScenarioRunner(rules).run(new ScenarioLoader().load(file));

        assertThat(report.passed()).as(report.summary()).isTrue();
    }

    @Test
    void theDeployMorningCoffeeScenarioPassesLive() throws Exception {
        String yaml = Files.readString(HubFixture.repositoryFile("deploy/scenarios/morning-coffee.yaml"));

        ScenarioReport report = runLive(Files.createDirectories(folder.resolve("scenarios")), "morning-coffee.yaml", yaml);

        assertThat(report.errors()).isEmpty();
        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.expectations()).singleElement().matches(e -> e.passed());
    }

    /** The full example of simulator/README.md's "Scenario format". */
    private static String readmeExample() throws Exception {
        String readme = Files.readString(HubFixture.repositoryFile("simulator/README.md"));
        int section = readme.indexOf("## Scenario format");
        int from = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        return readme.substring(from, readme.indexOf("```", from));
    }

    private ScenarioReport runLive(Path scenarios, String name, String yaml) throws Exception {
        Path file = scenarios.resolve(name);
        Files.writeString(file, yaml);
        List<DeviceSpec> devices = new ScenarioLoader().load(file).devices();
        Matcher passwords = PASSWORD.matcher(yaml);
        StringBuilder withOurs = new StringBuilder();
        // One password per device, in the file's order.
        for (DeviceSpec device : devices) {
            assertThat(passwords.find()).as("a password for " + device.id()).isTrue();
            passwords.appendReplacement(withOurs, "password: \"" + Matcher.quoteReplacement(passwordFor(device)) + "\"");
        }
        passwords.appendTail(withOurs);
        Files.writeString(file, withOurs.toString());
        Scenario scenario = new ScenarioLoader().load(file);
        return new ScenarioRunner(hub.brokerUri(), scheduler, Clock.systemUTC())
                .withHubApi(URI.create("http://127.0.0.1:" + hub.hub.httpPort()), hub.readToken)
                .run(scenario);
    }

    private String passwordFor(DeviceSpec device) {
        return switch (device.id()) {
            case HubFixture.BED -> HubFixture.BED_PASSWORD;
            case HubFixture.COFFEE -> HubFixture.COFFEE_PASSWORD;
            default -> {
                var created = hub.send("POST", "/api/devices",
                        "{\"id\":\"" + device.id() + "\",\"type\":\"" + device.kind().wire() + "\"}", hub.adminToken);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                yield HubFixture.json(created).path("password").asText();
            }
        };
    }
}
