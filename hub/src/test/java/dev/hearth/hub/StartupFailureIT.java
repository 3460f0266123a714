package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth hub` as a user runs it: a taken port or a bad config is one line and exit code 1, never a hung process. */
class StartupFailureIT {
    @TempDir
    Path folder;

    @Test
    void mqttPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process hub = runHub(config("mqtt: { port: " + taken.getLocalPort() + " }\nhttp: { port: 0 }\n"));
            assertFailsWithOneLine(hub, "hearth: MQTT port 127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void httpPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process hub = runHub(config("mqtt: { port: 0 }\nhttp: { port: " + taken.getLocalPort() + " }\n"));
            assertFailsWithOneLine(hub, "hearth: HTTP port 127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void malformedConfigNamesFileLineAndKey() throws Exception {
        Path config = config("mqtt:\n  port: 0\n  prot: 1884\n");
        Process hub = runHub(config);
        assertFailsWithOneLine(hub, "hearth: " + config + ":3:3: at 'mqtt.prot': unknown key 'prot'");
    }

    private Path config(String yaml) throws IOException {
        Path config = folder.resolve("hearth.yml");
        Files.writeString(config, yaml + "data-dir: data\nrules: rules\n");
        return config;
    }

    private static Process runHub(Path config) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.hearth.hub.cli.HearthCommand", "hub", "--config", config.toString()));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void assertFailsWithOneLine(Process hub, String expectedStart) throws Exception {
        boolean exited = hub.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            hub.destroyForcibly();
        }
        String stderr = new String(hub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the hub exits by itself; stderr:%n%s", stderr).isTrue();
        assertThat(hub.exitValue()).isEqualTo(1);
        List<String> errorLines = stderr.lines().filter(line -> line.startsWith("hearth:")).toList();
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.get(0)).startsWith(expectedStart);
    }
}
