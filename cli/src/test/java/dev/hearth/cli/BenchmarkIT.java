package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.HubFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's benchmark command in its smoke form, {@code deploy/bench/bench.py --quick}: it installs its peers
 * (MQTT.js and Node-RED with npm; Mosquitto is Debian's, which .ci/run installs), drives Hearth, Node-RED over
 * Mosquitto and Mosquitto alone with the same outside generator, and prints the tables and ratios. What is checked
 * is that every target ran every kind of step and the report came out, never how fast: speed is the full run's
 * business, on a quiet machine.
 */
class BenchmarkIT {
    private static final Path BENCH = HubFixture.repositoryFile("deploy/bench/bench.py");

    @TempDir
    Path folder;

    @Test
    void theQuickRunDrivesEveryTargetAndPrintsTheTables() throws Exception {
        Path figures = folder.resolve("figures.json");
        Path log = folder.resolve("bench.log");
        ProcessBuilder builder = new ProcessBuilder("python3", BENCH.toString(), "--quick", "--json", figures.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + builder.environment().get("PATH"));
        Process bench = builder.start();
        if (!bench.waitFor(15, TimeUnit.MINUTES)) {
            bench.destroy();
            bench.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the quick run took over 15 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(bench.exitValue()).as(output).isZero();
        assertThat(output).contains("## Reaction at 200 events/s", "## Memory", "hub start to ready", "Hearth / Node-RED",
                "Hearth / Mosquitto");

        JsonNode results = new ObjectMapper().readTree(figures.toFile()).path("results");
        assertThat(targets(results.path("reaction"))).containsExactlyInAnyOrder("Hearth", "Node-RED");
        assertThat(targets(results.path("ruleRate"))).containsExactlyInAnyOrder("Hearth", "Node-RED");
        assertThat(targets(results.path("ingest"))).containsExactlyInAnyOrder("Hearth", "Mosquitto");
        assertThat(targets(results.path("stream"))).containsExactlyInAnyOrder("Hearth", "Mosquitto");
        assertThat(results.path("reaction").get(0).path("awakes").asInt()).as("the beds woke up").isPositive();
        assertThat(results.path("memory").toString()).contains("quiet (Hearth)");
    }

    private static List<String> targets(JsonNode steps) {
        return StreamSupport.stream(steps.spliterator(), false).map(step -> step.path("target").asText()).distinct().toList();
    }
}
