package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            Process sub = shell(hub, lines.get(0));
            List<String> printed = ReadmeExamples.printedBy(sub);
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
        return ReadmeExamples.run(shell(hub, line), line);
    }

    /** A line of the README pointed at this hub: its MQTT and HTTP ports, and a token in $TOKEN. */
    private static Process shell(HubFixture hub, String line) throws Exception {
        String command = line.replace("-p 1883", "-p " + hub.hub.mqttPort())
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + hub.hub.httpPort());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        builder.environment().put("TOKEN", hub.readToken);
        return builder.start();
    }

    private static List<String> commands(String block) {
        List<String> lines = ReadmeExamples.commands(block);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("mosquitto_sub ");
        assertThat(lines.get(5)).startsWith("curl ");
        return lines;
    }

    /** The fenced blocks of the section, in order: the devices, the rule, the shell lines. */
    private static List<String> blocks() throws Exception {
        List<String> blocks = ReadmeExamples.blocks(SECTION);
        assertThat(blocks).hasSize(3);
        return blocks;
    }
}
