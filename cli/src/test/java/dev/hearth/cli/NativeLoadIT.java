package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.HubFixture;
import dev.hearth.hub.ReadmeExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth devices generate --protocol ...` and `hearth simulate --load --protocol ...` as a user runs them: the
 * generated devices: entries in a real hub's config, then a short load of native devices, which the hub reads as
 * their adapters do (values in its API, messages counted in /metrics).
 */
class NativeLoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void tasmotaPlugsLoadTheHubWithTheirSensorReadingsAndLoseNothingAtQos1() throws Exception {
        Path credentials = folder.resolve("plugs.yml");
        Path entries = folder.resolve("plugs-hearth.yml");
        HearthProcess.Result generated = HearthProcess.run("devices", "generate", "--protocol", "tasmota", "--count", "5",
                "--prefix", "plug-", "--out", credentials.toString(), "--hub-config", entries.toString());
        assertThat(generated.exitCode()).as(generated.stderr()).isZero();
        assertThat(generated.stdout()).contains("5 tasmota devices on 5 logins");
        assertThat(Files.readString(credentials)).contains("protocol: tasmota").contains("topic: plug-00005");

        try (HubFixture hub = HubFixture.startWithDevices(folder.resolve("hub"), "rules: []\n", devicesOf(entries))) {
            HearthProcess.Result load = HearthProcess.run("simulate", "--load", "--protocol", "tasmota", "--rate", "50",
                    "--qos", "1", "--duration", "3s", "--ramp-up", "1s", "--credentials", credentials.toString(),
                    "--broker", hub.brokerUri(), "--json");
            assertThat(load.exitCode()).as(load.stderr()).isZero();
            JsonNode summary = lastLine(load);
            assertThat(summary.path("connected").asInt()).isEqualTo(5);
            long sent = summary.path("sent").asLong();
            assertThat(sent).isPositive();
            assertThat(summary.path("lost").asLong()).isZero();
            assertThat(summary.path("acknowledged").asLong()).isEqualTo(sent);

            JsonNode plug = hub.getJson("/api/devices/plug-00003");
            assertThat(plug.path("protocol").asText()).isEqualTo("tasmota");
            assertThat(plug.path("meta").path("attributes").has("energy_power")).as(plug.toString()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    hub.getJson("/api/devices/plug-00003/history?attribute=energy_power").path("points").size() > 1);
            assertThat(hub.metric("hearth_messages_in_total{type=\"telemetry\"}")).as("every SENSOR read").isGreaterThanOrEqualTo(sent);
            assertThat(hub.rejected("unknown_device") + hub.rejected("invalid_value") + hub.rejected("topic_not_allowed")).isZero();
        }
    }

    /** The README's example of a native load, its lines as written but the broker's port. */
    @Test
    void theReadmesZigbee2mqttLoadRunsAsWritten() throws Exception {
        String block = ReadmeExamples.blocks("## Simulator").stream().filter(b -> b.contains("--protocol zigbee2mqtt"))
                .findFirst().orElseThrow();
        List<String> lines = ReadmeExamples.commands(block);
        assertThat(lines).hasSize(2);
        String printed = block.substring(block.indexOf("# it prints:") + "# it prints:".length()).strip();

        HearthProcess.Result generated = HearthProcess.runIn(folder, args(lines.get(0)));
        assertThat(generated.exitCode()).as(generated.stderr()).isZero();
        String entries = devicesOf(folder.resolve("z2m-devices.yml"));
        assertThat(entries).contains("protocol: zigbee2mqtt").contains("topic: load-bridge-2").doesNotContain("password:");
        assertThat(Files.readString(folder.resolve("z2m-load.yml"))).contains("devices: [load-00006, load-00007");

        try (HubFixture hub = HubFixture.startWithDevices(folder.resolve("hub"), "rules: []\n", entries)) {
            List<String> load = new ArrayList<>(List.of(args(lines.get(1))));
            load.addAll(List.of("--broker", hub.brokerUri()));
            HearthProcess.Result run = HearthProcess.runIn(folder, load.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout()).contains(printed).containsPattern("lost +0\n").containsPattern("errors +0\n");

            JsonNode motion = hub.getJson("/api/devices/load-00007");
            assertThat(motion.path("protocol").asText()).isEqualTo("zigbee2mqtt");
            assertThat(motion.path("origin").path("login").asText()).isEqualTo("load-bridge-2");
            assertThat(motion.path("state").path("illuminance").isNumber()).as(motion.toString()).isTrue();
            long sent = Long.parseLong(run.stdout().replaceAll("(?s).*\n  sent +(\\d+).*", "$1"));
            assertThat(hub.metric("hearth_messages_in_total{type=\"state\"}")).isGreaterThanOrEqualTo(sent);
            assertThat(hub.rejected("unknown_device")).as("each bridge's list came before its devices' states").isZero();
        }
    }

    @Test
    void aLoadOfAProtocolTheFileDoesNotHaveAndBridgesForAPlugAreRefused() throws Exception {
        Path credentials = folder.resolve("plugs.yml");
        assertThat(HearthProcess.run("devices", "generate", "--protocol", "tasmota", "--count", "2",
                "--out", credentials.toString(), "--hub-config", folder.resolve("e.yml").toString()).exitCode()).isZero();

        HearthProcess.Result wrong = HearthProcess.run("simulate", "--load", "--protocol", "shelly", "--duration", "1s",
                "--credentials", credentials.toString(), "--broker", "tcp://127.0.0.1:1");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).contains(credentials + " has no shelly devices; make a file with them: hearth devices"
                + " generate --protocol shelly --count N");
        HearthProcess.Result tooMany = HearthProcess.run("simulate", "--load", "--protocol", "tasmota", "--devices", "3",
                "--duration", "1s", "--credentials", credentials.toString(), "--broker", "tcp://127.0.0.1:1");
        assertThat(tooMany.stderr()).contains("--devices 3 asks for more devices than " + credentials + " has (2 tasmota)");
        HearthProcess.Result unknown = HearthProcess.run("simulate", "--load", "--protocol", "tasmot", "--duration", "1s",
                "--credentials", credentials.toString(), "--broker", "tcp://127.0.0.1:1");
        assertThat(unknown.stderr()).contains("unknown protocol 'tasmot', expected one of: hearth, tasmota, zigbee2mqtt");

        HearthProcess.Result bridges = HearthProcess.run("devices", "generate", "--protocol", "tasmota", "--bridges", "2",
                "--count", "2", "--out", folder.resolve("other.yml").toString());
        assertThat(bridges.exitCode()).isEqualTo(1);
        assertThat(bridges.stderr()).contains("--bridges goes with --protocol zigbee2mqtt");
        HearthProcess.Result hearth = HearthProcess.run("devices", "generate", "--hub-config", folder.resolve("h.yml").toString(),
                "--count", "2", "--out", folder.resolve("other.yml").toString());
        assertThat(hearth.exitCode()).isEqualTo(1);
        assertThat(hearth.stderr()).contains("--hub-config goes with a native --protocol; Hearth devices are added to the hub's database");
        assertThat(folder.resolve("other.yml")).doesNotExist();
    }

    /** The entries of a generated hub-config file, as items of a devices: list. */
    private static String devicesOf(Path hubConfig) throws Exception {
        String text = Files.readString(hubConfig);
        return text.substring(text.indexOf("devices:\n") + "devices:\n".length());
    }

    private static String[] args(String line) {
        assertThat(line).startsWith("deploy/hearth ");
        return line.substring("deploy/hearth ".length()).split(" +");
    }

    private static JsonNode lastLine(HearthProcess.Result result) throws Exception {
        return JSON.readTree(result.stdout().lines().reduce((a, b) -> b).orElseThrow());
    }
}
