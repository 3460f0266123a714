package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
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
    private static final String SHELLY = "### Shelly Gen2 and Gen3 (Plus, Pro)";
    private static final String DISCOVERY = "### Home Assistant discovery (ESPHome and others)";
    /** The request id the README shows; the hub's real one differs, so the answer line takes the one printed. */
    private static final String README_ID = "1764655200123";

    @Test
    void theExampleRunsAsWritten(@TempDir Path folder) throws Exception {
        List<String> blocks = blocks(SECTION, 5);
        // the example's one command: InteropExampleIT runs the hub of that file
        assertThat(ReadmeExamples.commands(blocks.get(0))).containsExactly("deploy/hearth hub --config deploy/examples/interop/hearth.yml");
        assertThat(HubFixture.repositoryFile("deploy/examples/interop/hearth.yml")).exists();
        // the scenario's two commands: CommandLineIT runs them against the example's hub and on the virtual clock
        assertThat(ReadmeExamples.commands(blocks.get(1))).containsExactly(
                "deploy/hearth simulate deploy/examples/interop/scenario.yaml --config deploy/examples/interop/hearth.yml --token \"$TOKEN\"",
                "deploy/hearth rules test deploy/examples/interop/rules deploy/examples/interop/scenario.yaml");
        String devices = blocks.get(2);
        assertThat(devices).startsWith("devices:\n");
        assertThat(HubFixture.repositoryFile("deploy/examples/interop/hearth.yml")).content()
                .contains(devices.lines().filter(line -> line.contains("password-hash")).toArray(String[]::new));
        String rules = blocks.get(3);
        assertThat(HubFixture.repositoryFile("deploy/examples/interop/rules/hallway-plug.yaml")).content().endsWith(rules);
        List<String> lines = commands(blocks.get(4), 6);
        assertThat(lines.get(5)).startsWith("curl ");
        String expected = after(blocks.get(4), "the subscriber prints:");

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
                stop(null, sub);
            }
        }
    }

    /**
     * The Shelly part: its hearth.yml device, a Shelly's status and button delta, the device in the API, a command
     * from the API whose request the subscriber prints and whose answer (with the printed id) the curl prints.
     */
    @Test
    void theShellyExampleRunsAsWritten(@TempDir Path folder) throws Exception {
        List<String> blocks = blocks(SHELLY, 2);
        String devices = blocks.get(0);
        assertThat(devices).startsWith("devices:\n");
        List<String> lines = commands(blocks.get(1), 6);
        String shown = after(blocks.get(1), "the subscriber prints:");
        String replied = after(blocks.get(1), "the curl above prints");

        try (HubFixture hub = HubFixture.startWithDevices(folder, "rules: []\n",
                devices.substring("devices:\n".length()))) {
            Process sub = shell(hub, lines.get(0), hub.adminToken);
            List<String> printed = ReadmeExamples.printedBy(sub);
            Process command = null;
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_devices_connected") >= 1);
                run(hub, lines.get(1));
                run(hub, lines.get(2));
                await().atMost(Duration.ofSeconds(5)).until(() -> run(hub, lines.get(3)).contains("\"switch0\":true"));
                assertThat(run(hub, lines.get(3))).contains("\"protocol\":\"shelly\"", "\"power0\"");
                command = shell(hub, lines.get(4), hub.adminToken);
                await().atMost(Duration.ofSeconds(5)).until(() -> !printed.isEmpty());
                String request = printed.get(0);
                String id = request.replaceFirst("^\\S+ \\{\"id\":(\\d+),.*$", "$1");
                assertThat(request.replaceFirst("\"id\":" + id + ",", "\"id\":" + README_ID + ","))
                        .as("the request, but for its id").isEqualTo(shown);
                run(hub, lines.get(5).replace("\"id\":" + README_ID + ",", "\"id\":" + id + ","));
                assertThat(command.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(replied);
            } finally {
                stop(command, sub);
            }
        }
    }

    /**
     * The Home Assistant discovery part: its hearth.yml device, an ESPHome node's retained configs and a temperature,
     * the device in the API, a command whose publish the subscriber prints and whose answer (the node's state) the
     * curl prints.
     */
    @Test
    void theDiscoveryExampleRunsAsWritten(@TempDir Path folder) throws Exception {
        List<String> blocks = blocks(DISCOVERY, 2);
        String devices = blocks.get(0);
        assertThat(devices).startsWith("devices:\n");
        List<String> lines = commands(blocks.get(1), 7);
        String shown = after(blocks.get(1), "the subscriber prints:");
        String replied = after(blocks.get(1), "the curl above prints");

        try (HubFixture hub = HubFixture.startWithDevices(folder, "rules: []\n", devices.substring("devices:\n".length()))) {
            Process sub = shell(hub, lines.get(0), hub.adminToken);
            List<String> printed = ReadmeExamples.printedBy(sub);
            Process command = null;
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_devices_connected") >= 1);
                run(hub, lines.get(1));
                run(hub, lines.get(2));
                run(hub, lines.get(3));
                await().atMost(Duration.ofSeconds(5)).until(() -> run(hub, lines.get(4)).contains("\"temperature\":21.5"));
                assertThat(run(hub, lines.get(4))).contains("\"protocol\":\"ha-discovery\"", "\"unit\":\"°C\"");
                command = shell(hub, lines.get(5), hub.adminToken);
                await().atMost(Duration.ofSeconds(5)).until(() -> !printed.isEmpty());
                assertThat(printed).containsExactly(shown);
                run(hub, lines.get(6));
                assertThat(command.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(replied);
            } finally {
                stop(command, sub);
            }
        }
    }

    /** What a comment line of a shell block says follows {@code marker} (what a subscriber or a curl prints). */
    private static String after(String block, String marker) {
        return block.lines().filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length()).strip())
                .findFirst().orElseThrow();
    }

    /** Ends the example's long-running processes: a command still waiting (may be null) and the subscriber. */
    private static void stop(Process command, Process sub) throws InterruptedException {
        if (command != null) {
            command.destroy();
        }
        sub.destroy();
        sub.waitFor(5, TimeUnit.SECONDS);
    }

    /** Runs one line of the example to its end; its output. */
    private static String run(HubFixture hub, String line) throws Exception {
        return ReadmeExamples.run(shell(hub, line), line);
    }

    /** A line of the README pointed at this hub: its MQTT and HTTP ports, and a token in $TOKEN. */
    private static Process shell(HubFixture hub, String line) throws Exception {
        return shell(hub, line, hub.readToken);
    }

    /** With {@code token} in $TOKEN (an admin's, to send a command). */
    private static Process shell(HubFixture hub, String line, String token) throws Exception {
        String command = line.replace("-p 1883", "-p " + hub.hub.mqttPort())
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + hub.hub.httpPort());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        builder.environment().put("TOKEN", token);
        return builder.start();
    }

    private static List<String> commands(String block, int count) {
        List<String> lines = ReadmeExamples.commands(block);
        assertThat(lines).hasSize(count);
        assertThat(lines.get(0)).startsWith("mosquitto_sub ");
        return lines;
    }

    /** The fenced blocks of a section up to its next heading, in order: the devices, (the rule,) the shell lines. */
    private static List<String> blocks(String heading, int count) throws Exception {
        List<String> blocks = ReadmeExamples.blocks(heading);
        assertThat(blocks).hasSize(count);
        return blocks;
    }
}
