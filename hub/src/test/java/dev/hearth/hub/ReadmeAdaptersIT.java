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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Devices you already own" example, run as written: its hearth.yml devices (with their
 * example password hashes), its rule, and its Mosquitto and curl lines, with the Mosquitto clients
 * acting as the Tasmota plug and the Zigbee2MQTT bridge. Only the ports change.
 */
class ReadmeAdaptersIT {
    private static final String SECTION = "## Devices you already own";

    @Test
    void theExampleRunsAsWritten(@TempDir Path folder) throws Exception {
        List<String> blocks = blocks();
        String devices = blocks.get(0);
        assertThat(devices).startsWith("devices:\n");
        String rules = blocks.get(1);
        List<String> lines = commands(blocks.get(2));
        String expected = blocks.get(2).lines().filter(line -> line.contains("the subscriber prints:"))
                .map(line -> line.substring(line.indexOf("prints:") + "prints:".length()).strip()).findFirst().orElseThrow();

        try (HubFixture hub = HubFixture.startWithDevices(folder, rules, devices.substring("devices:\n".length()))) {
            List<String> printed = new CopyOnWriteArrayList<>();
            Process sub = shell(hub, lines.get(0));
            Thread reader = new Thread(() -> readLines(sub, printed));
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_devices_connected") >= 1);
                run(hub, lines.get(1)); // the bridge's device list
                await("the rule naming hallway-motion loads once the bridge has listed it").atMost(Duration.ofSeconds(5))
                        .until(() -> hub.getJson("/api/rules").path("loadErrors").isEmpty()
                                && hub.getJson("/api/rules").toString().contains("hallway-plug"));
                run(hub, lines.get(2));
                run(hub, lines.get(3));
                await().atMost(Duration.ofSeconds(5)).until(() -> printed.contains(expected));
                assertThat(printed).containsExactly(expected);
                run(hub, lines.get(4)); // the plug answers
                String device = run(hub, lines.get(5));
                assertThat(device).contains("\"protocol\":\"tasmota\"", "\"power\":true");
                assertThat(HubFixture.json(hub.get("/api/devices/hallway-motion")).path("protocol").asText()).isEqualTo("zigbee2mqtt");
            } finally {
                sub.destroy();
                sub.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs one line of the example to its end; its output. */
    private static String run(HubFixture hub, String line) throws Exception {
        Process process = shell(hub, line);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(line + "\n" + output).isZero();
        return output;
    }

    /** A line of the README pointed at this hub: its MQTT and HTTP ports, and a token in $TOKEN. */
    private static Process shell(HubFixture hub, String line) throws Exception {
        String command = line.replace("-p 1883", "-p " + hub.hub.mqttPort())
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + hub.hub.httpPort());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        builder.environment().put("TOKEN", hub.readToken);
        return builder.start();
    }

    private static void readLines(Process process, List<String> into) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                into.add(line);
            }
        } catch (java.io.IOException e) {
            // the process ended
        }
    }

    private static List<String> commands(String block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line.strip());
            }
        }
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("mosquitto_sub ");
        assertThat(lines.get(5)).startsWith("curl ");
        return lines;
    }

    /** The fenced blocks of the section, in order: the devices, the rule, the shell lines. */
    private static List<String> blocks() throws Exception {
        String readme = Files.readString(HubFixture.repositoryFile("README.md"));
        int start = readme.indexOf(SECTION);
        String section = readme.substring(start, readme.indexOf("\n## ", start + SECTION.length()));
        List<String> blocks = new ArrayList<>();
        for (int at = section.indexOf("```"); at >= 0; at = section.indexOf("```", at)) {
            int body = section.indexOf('\n', at) + 1;
            int end = section.indexOf("```", body);
            blocks.add(section.substring(body, end));
            at = end + 3;
        }
        assertThat(blocks).hasSize(3);
        return blocks;
    }
}
