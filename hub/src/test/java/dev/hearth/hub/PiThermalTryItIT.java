package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pi-thermal example's "try it" commands, read from its README and run with curl against a
 * hub while the example itself (java PiThermalDevice.java, a fake sensor file) runs as pi-1.
 */
class PiThermalTryItIT {
    @TempDir
    Path folder;

    @Test
    void theTryItCommandsShowTheDeviceAndDriveIt() throws Exception {
        Path readme = HubFixture.repositoryFile("device-sdk/examples/pi-thermal/README.md");
        List<String> commands = tryItCommands(Files.readString(readme));
        assertThat(commands).hasSize(3);
        try (HubFixture hub = HubFixture.start(folder.resolve("hub"))) {
            var created = hub.send("POST", "/api/devices", "{\"id\":\"pi-1\",\"type\":\"pi\"}", hub.adminToken);
            assertThat(created.statusCode()).isEqualTo(201);
            Process device = startExample(hub, HubFixture.json(created).path("password").asText());
            try {
                Map<String, String> env = Map.of("TOKEN", hub.adminToken);
                String port = String.valueOf(hub.hub.httpPort());
                List<String> local = commands.stream().map(c -> c.replace("127.0.0.1:8080", "127.0.0.1:" + port)).toList();
                await().atMost(Duration.ofSeconds(60)).until(() -> hub.get("/api/devices/pi-1/history?attribute=cpu_celsius")
                        .body().contains("47.236"));

                Process events = shell(env, local.get(0).replace("curl -N", "curl -N --max-time 6"));
                BufferedReader streamed = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8));
                // the hub opens the stream with a comment: from then on, what happens is in it
                assertThat(streamed.readLine()).startsWith(":");
                String history = run(env, local.get(1));
                String reply = run(env, local.get(2));
                assertThat(events.waitFor(20, TimeUnit.SECONDS)).isTrue();
                String stream = streamed.lines().collect(java.util.stream.Collectors.joining("\n"));

                assertThat(history).contains("\"value\":47.236");
                assertThat(reply).contains("\"ok\":true");
                assertThat(stream).contains("event: state").contains("{\"device\":\"pi-1\",\"attribute\":\"interval_s\",\"value\":30");
            } finally {
                device.destroy();
                device.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** The curl lines of the README's "Try it" block, continuation lines joined. */
    private static List<String> tryItCommands(String readme) {
        int block = readme.indexOf("```sh", readme.indexOf("Try it from the hub's machine"));
        String body = readme.substring(block + "```sh".length(), readme.indexOf("```", block + 5)).replace("\\\n", " ");
        assertThat(body).doesNotContain("mosquitto_sub");
        List<String> commands = new ArrayList<>();
        body.lines().map(String::strip).filter(line -> line.startsWith("curl ")).forEach(commands::add);
        return commands;
    }

    private Process startExample(HubFixture hub, String password) throws Exception {
        Path sensor = Files.writeString(folder.resolve("temp"), "47236\n");
        Path example = HubFixture.repositoryFile("device-sdk/examples/pi-thermal/PiThermalDevice.java");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), example.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("device.log").toFile());
        builder.environment().putAll(Map.of("HEARTH_URI", hub.brokerUri(), "HEARTH_DEVICE_ID", "pi-1", "HEARTH_PASSWORD", password,
                "HEARTH_SENSOR", sensor.toString(), "HEARTH_INTERVAL_S", "1", "HEARTH_BUFFER_DIR", folder.resolve("buffer").toString()));
        return builder.start();
    }

    private static Process shell(Map<String, String> env, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String run(Map<String, String> env, String command) throws Exception {
        Process process = shell(env, command);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + " -> " + out).isZero();
        return out;
    }
}
