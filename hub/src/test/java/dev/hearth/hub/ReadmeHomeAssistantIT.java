package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Home Assistant" example, run as written: its hearth.yml (with the example password's hash), on a
 * hub with the Tasmota plug of "Devices you already own"; mosquitto_sub as Home Assistant sees the plug's switch
 * config and the values it names, and mosquitto_pub switches the plug, a Paho client acting as Tasmota.
 */
class ReadmeHomeAssistantIT {
    private static final String SECTION = "## Home Assistant";

    @Test
    void theExampleRunsAsWritten(@TempDir Path folder) throws Exception {
        List<String> blocks = ReadmeExamples.blocks(SECTION);
        assertThat(blocks).hasSize(2);
        String config = blocks.get(0);
        int devices = config.indexOf("devices:\n");
        String topLevel = config.substring(0, devices);
        assertThat(topLevel).startsWith("homeassistant:\n");
        String plugYaml = firstItem(ReadmeExamples.blocks("## Devices you already own").stream()
                .filter(block -> block.startsWith("devices:\n")).findFirst().orElseThrow());
        List<String> lines = commands(blocks.get(1));
        String expected = blocks.get(1).lines().filter(line -> line.contains("prints:"))
                .map(line -> line.substring(line.indexOf("prints:") + "prints:".length()).strip()).findFirst().orElseThrow();

        try (HubFixture hub = HubFixture.startWithDevices(folder, "rules: []\n",
                config.substring(devices + "devices:\n".length()) + plugYaml, topLevel)) {
            Process sub = shell(hub, lines.get(0));
            List<String> printed = ReadmeExamples.printedBy(sub);
            try (NativeClient plug = NativeClient.connect(hub.brokerUri(), "DVES_ABC123", "tasmota-plug-1",
                    "tasmota-plug-1-example", "tele/plug-1/LWT", "Offline")) {
                plug.publish("tele/plug-1/LWT", "Online", true);
                plug.subscribe("cmnd/plug-1/#");
                plug.publish("stat/plug-1/POWER", "OFF");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(printed).contains("hearth/status online",
                        "hearth/ha/plug-1/state/power OFF", "hearth/ha/plug-1/availability online"));
                String configLine = "homeassistant/switch/plug-1/power/config ";
                await().atMost(Duration.ofSeconds(10)).until(() -> printed.stream().anyMatch(line -> line.startsWith(configLine)));
                String json = printed.stream().filter(line -> line.startsWith(configLine)).findFirst().orElseThrow()
                        .substring(configLine.length());
                JsonNode power = new ObjectMapper().readTree(json);
                assertThat(lines.get(1)).contains("-t " + power.path("command_topic").asText(), "-m " + power.path("payload_on").asText());
                assertThat(power.path("origin").path("support_url").asText()).isEqualTo("http://hub.local:8080/");

                ReadmeExamples.run(shell(hub, lines.get(1)), lines.get(1));
                await().atMost(Duration.ofSeconds(5)).until(() -> plug.received.stream().anyMatch(m -> m.toString().equals(expected)));
            } finally {
                sub.destroy();
                sub.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The first item of a devices: list, as lines of the list. */
    private static String firstItem(String devicesBlock) {
        String items = devicesBlock.substring("devices:\n".length());
        int second = items.indexOf("\n  - id:");
        return items.substring(0, second + 1);
    }

    private static Process shell(HubFixture hub, String line) throws Exception {
        return ReadmeExamples.shell(line.replace("-p 1883", "-p " + hub.hub.mqttPort()));
    }

    private static List<String> commands(String block) {
        List<String> lines = ReadmeExamples.commands(block);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("mosquitto_sub ");
        assertThat(lines.get(1)).startsWith("mosquitto_pub ");
        return lines;
    }
}
