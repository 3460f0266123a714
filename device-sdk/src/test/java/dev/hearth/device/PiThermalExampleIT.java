package dev.hearth.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs examples/pi-thermal exactly as the README says (java SourceFile.java), with a fake sensor file. */
class PiThermalExampleIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    @Test
    void theExampleReportsTheTemperatureAndObeysSetInterval(@TempDir Path dir) throws Exception {
        Path sensor = Files.writeString(dir.resolve("temp"), "47236\n");
        TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.deviceFilter("pi-t"));
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "examples/pi-thermal/PiThermalDevice.java")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().putAll(java.util.Map.of("HEARTH_URI", BROKER.uri(), "HEARTH_DEVICE_ID", "pi-t",
                "HEARTH_SENSOR", sensor.toString(), "HEARTH_INTERVAL_S", "1", "HEARTH_BUFFER_DIR", dir.resolve("buffer").toString()));
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(hub.payloadsOn(Topics.telemetry("pi-t")))
                    .as(() -> readQuietly(dir.resolve("out.txt"))).isNotEmpty()
                    .allSatisfy(t -> assertThat(WireJson.mapper().readTree(t).path("cpu_celsius").asDouble()).isEqualTo(47.236)));

            hub.sendCommand("pi-t", "set_interval", "{\"seconds\":2}", "ok");
            hub.sendCommand("pi-t", "set_interval", "{\"seconds\":0}", "bad");
            await().untilAsserted(() -> {
                assertThat(reply(hub, "ok")).isEqualTo(CommandReply.success(null));
                assertThat(reply(hub, "bad")).isEqualTo(CommandReply.failure("seconds must be 1-3600, was 0"));
                assertThat(hub.payloadsOn(Topics.state("pi-t"))).last().asString().contains("\"interval_s\":2");
            });
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook closes the device
            process.waitFor();
        }
        await().untilAsserted(() -> assertThat(hub.payloadsOn(Topics.status("pi-t"))).last().isEqualTo("offline"));
        hub.close();
    }

    private static CommandReply reply(TestHubClient hub, String correlation) throws Exception {
        List<TestHubClient.Received> replies = hub.repliesTo(correlation);
        assertThat(replies).hasSize(1);
        return WireJson.mapper().readValue(replies.get(0).payload(), CommandReply.class);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
