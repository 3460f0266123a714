package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.HubFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth rules test` on the virtual clock, and `hearth simulate --load` against a real hub, as a user runs them. */
class CommandLineIT {
    @TempDir
    Path folder;

    @Test
    void rulesTestRunsScenariosOnAVirtualClock() throws Exception {
        Path rules = HubFixture.repositoryFile("deploy/rules");
        Path passing = HubFixture.repositoryFile("deploy/scenarios/morning-coffee.yaml");
        HearthProcess.Result passed = HearthProcess.run("rules", "test", rules.toString(), passing.toString());
        assertThat(passed.exitCode()).as(passed.stderr()).isZero();
        assertThat(passed.stdout()).contains("PASSED").contains("received 'brew'");

        Path tooSoon = Files.writeString(folder.resolve("too-soon.yaml"),
                Files.readString(passing).replace("within: 4s", "within: 1s"));
        HearthProcess.Result failed = HearthProcess.run("rules", "test", rules.toString(), tooSoon.toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout()).contains("FAIL  coffee-1 did not receive 'brew'");
    }

    /** The README's two commands for deploy/examples/interop/scenario.yaml; the hub's copy of the example is on free ports. */
    @Test
    void theInteropScenarioPassesAgainstTheExamplesHubAndOnTheVirtualClock() throws Exception {
        Path example = HubFixture.repositoryFile("deploy/examples/interop");
        Path scenario = example.resolve("scenario.yaml");
        HearthProcess.Result virtual = HearthProcess.run("rules", "test", example.resolve("rules").toString(), scenario.toString());
        assertThat(virtual.exitCode()).as(virtual.stdout() + virtual.stderr()).isZero();
        assertThat(virtual.stdout()).contains("PASSED");

        Files.createDirectories(folder.resolve("rules"));
        Files.copy(example.resolve("rules/hallway-plug.yaml"), folder.resolve("rules/hallway-plug.yaml"));
        String config = Files.readString(example.resolve("hearth.yml"));
        int mqttPort = HearthProcess.freePort();
        int httpPort = HearthProcess.freePort();
        Path copy = Files.writeString(folder.resolve("hearth.yml"),
                config.replace("port: 1883", "port: " + mqttPort).replace("port: 8080", "port: " + httpPort));
        try (HubFixture hub = HubFixture.startFrom(copy)) {
            HearthProcess.Result live = HearthProcess.run("simulate", scenario.toString(), "--config", copy.toString(),
                    "--token", hub.readToken);
            assertThat(live.exitCode()).as(live.stdout() + live.stderr()).isZero();
            assertThat(live.stdout()).contains("PASSED");
            assertThat(hub.getJson("/api/devices/plug-1").path("state").path("power").asBoolean()).isTrue();
        }
    }

    @Test
    void loadModeAgainstTheHubLosesNothingAtQos1() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            Path credentials = folder.resolve("load.yml");
            HearthProcess.Result generated = HearthProcess.run("devices", "generate", "--count", "200",
                    "--out", credentials.toString(), "--config", hub.config.toString());
            assertThat(generated.exitCode()).as(generated.stderr()).isZero();

            HearthProcess.Result load = HearthProcess.run("simulate", "--load", "--devices", "200", "--rate", "500",
                    "--qos", "1", "--duration", "3s", "--ramp-up", "1s", "--credentials", credentials.toString(),
                    "--broker", hub.brokerUri(), "--json");
            assertThat(load.exitCode()).as(load.stderr()).isZero();
            JsonNode summary = new ObjectMapper().readTree(load.stdout().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(summary.path("connected").asInt()).isEqualTo(200);
            assertThat(summary.path("sent").asLong()).isPositive();
            assertThat(summary.path("lost").asLong()).isZero();
            assertThat(summary.path("acknowledged").asLong()).isEqualTo(summary.path("sent").asLong());
        }
    }

    @Test
    void loadModeAtQos0WithAllTheFilesDevicesSucceedsAndAsksNoMoreThanTheFileHas() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            Path credentials = folder.resolve("load.yml");
            HearthProcess.Result generated = HearthProcess.run("devices", "generate", "--count", "20",
                    "--out", credentials.toString(), "--config", hub.config.toString());
            assertThat(generated.exitCode()).as(generated.stderr()).isZero();

            // no --devices: every device of the file, not 100
            HearthProcess.Result load = HearthProcess.run("simulate", "--load", "--rate", "200", "--qos", "0",
                    "--duration", "2s", "--ramp-up", "1s", "--credentials", credentials.toString(),
                    "--broker", hub.brokerUri(), "--json");
            JsonNode summary = new ObjectMapper().readTree(load.stdout().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(summary.path("devices").asInt()).isEqualTo(20);
            assertThat(summary.path("connected").asInt()).isEqualTo(20);
            assertThat(summary.path("errors").asLong()).isZero();
            assertThat(summary.path("sent").asLong()).isPositive();
            assertThat(summary.path("lost").isNull()).as("unknown at QoS 0").isTrue();
            assertThat(load.exitCode()).as(load.stderr()).isZero();

            HearthProcess.Result tooMany = HearthProcess.run("simulate", "--load", "--devices", "21", "--qos", "0",
                    "--duration", "1s", "--credentials", credentials.toString(), "--broker", hub.brokerUri());
            assertThat(tooMany.exitCode()).isEqualTo(1);
            assertThat(tooMany.stderr()).contains("--devices 21 asks for more devices than " + credentials + " has (20)");
        }
    }

    @Test
    void jsonLogLinesCarryTheFormattedMessageAndTheRuleAndDeviceIds() throws Exception {
        Path rules = HubFixture.repositoryFile("deploy/rules");
        Path scenario = HubFixture.repositoryFile("deploy/scenarios/morning-coffee.yaml");
        HearthProcess.Result run = HearthProcess.run(Map.of("HEARTH_LOG_FORMAT", "JSON"), "rules", "test", rules.toString(), scenario.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stderr().lines().toList()) {
            lines.add(mapper.readTree(line)); // every line of stderr is one JSON object
        }
        JsonNode ruleRun = lines.stream().filter(line -> line.path("message").asText().startsWith("rule 'morning-coffee' ("))
                .findFirst().orElseThrow(() -> new AssertionError("no rule-run line in " + run.stderr()));
        assertThat(ruleRun.path("message").asText()).contains("COMPLETED").doesNotContain("{}");
        assertThat(ruleRun.has("arguments")).isFalse();
        assertThat(ruleRun.path("rule").asText()).isEqualTo("morning-coffee");
        assertThat(ruleRun.path("device").asText()).isEqualTo("bed-1,coffee-1");
        assertThat(ruleRun.path("run").asText()).startsWith("run-");
        assertThat(ruleRun.path("level").asText()).isEqualTo("INFO");
        assertThat(ruleRun.path("logger").asText()).isEqualTo("dev.hearth.rules.RuleEngine");
        assertThat(Instant.parse(ruleRun.path("timestamp").asText())).isNotNull();
    }

    @Test
    void rulesCheckWithTheHubsConfigRefusesDevicesTheHubDoesNotKnow() throws Exception {
        try (HubFixture hub = HubFixture.start(folder.resolve("hub"))) {
            String config = hub.config.toString();
            Path rules = Files.writeString(folder.resolve("porch.yaml"), """
                    rules:
                      - id: porch-at-dusk
                        when:
                          - state: bed-1.occupant
                            to: awake
                        then:
                          - command: porch-light.on
                    """);

            HearthProcess.Result unchecked = HearthProcess.run("rules", "check", rules.toString());
            assertThat(unchecked.exitCode()).as("no --config: no device check, as before").isZero();

            HearthProcess.Result refused = HearthProcess.run("rules", "check", rules.toString(), "--config", config);
            assertThat(refused.exitCode()).as(refused.stdout()).isEqualTo(1);
            assertThat(refused.stderr()).contains(rules + ":7:").contains("porch-light").contains("1 error(s)");

            // provisioned in the hub's database: now it is known
            assertThat(HearthProcess.run("devices", "add", "porch-light", "--type", "lamp", "--config", config).exitCode()).isZero();
            HearthProcess.Result known = HearthProcess.run("rules", "check", rules.toString(), "--config", config);
            assertThat(known.exitCode()).as(known.stderr()).isZero();
            assertThat(known.stdout()).contains("1 rule(s), no errors");

            HearthProcess.Result hubsRules = HearthProcess.run("rules", "check", "--config", config);
            assertThat(hubsRules.exitCode()).as(hubsRules.stderr()).isZero();
            assertThat(hubsRules.stdout()).contains(hub.rulesFolder.toString()).contains("1 rule(s), no errors");
        }
    }
}
