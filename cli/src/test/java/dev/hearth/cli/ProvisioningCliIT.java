package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hearth.hub.HubFixture;
import dev.hearth.hub.RawMqtt;
import dev.hearth.hub.devices.Provisioning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI provisions on the hub's own database from another process; the running hub follows within seconds. */
class ProvisioningCliIT {
    @TempDir
    Path folder;

    @Test
    void devicesAndTokensManagedFromTheCliWhileTheHubRuns() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            String config = hub.config.toString();
            HearthProcess.Result added = HearthProcess.run("devices", "add", "sensor-7", "--type", "motion", "--config", config);
            assertThat(added.exitCode()).as(added.stderr()).isZero();
            String password = added.stdout().lines().reduce((first, second) -> second).orElseThrow();

            // at once: the hub looks an id it does not know up in the database, no waiting for its next sync
            MqttClient sensor = RawMqtt.connect(hub.brokerUri(), "sensor-7", "sensor-7", password);

            HearthProcess.Result listed = HearthProcess.run("devices", "list", "--config", config);
            assertThat(listed.stdout()).contains("sensor-7").contains("motion");

            assertThat(HearthProcess.run("devices", "disable", "sensor-7", "--config", config).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> !sensor.isConnected());
            assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "sensor-7", "sensor-7", password)).isInstanceOf(MqttException.class);

            HearthProcess.Result duplicate = HearthProcess.run("devices", "add", "sensor-7", "--config", config);
            assertThat(duplicate.exitCode()).isEqualTo(1);
            assertThat(duplicate.errorLines()).containsExactly("hearth: device 'sensor-7' exists already");
            assertThat(duplicate.stdout()).as("no success text before the error").isEmpty();
            assertThat(HearthProcess.run("devices", "disable", "ghost", "--config", config).errorLines())
                    .containsExactly("hearth: no provisioned device 'ghost'");
            HearthProcess.Result rotateGhost = HearthProcess.run("devices", "rotate", "ghost", "--config", config);
            assertThat(rotateGhost.exitCode()).isEqualTo(1);
            assertThat(rotateGhost.errorLines()).containsExactly("hearth: no provisioned device 'ghost'");
            assertThat(rotateGhost.stdout()).as("no password announced for a rotation that did not happen").isEmpty();

            HearthProcess.Result token = HearthProcess.run("tokens", "create", "ops", "--role", "read-only", "--config", config);
            String readToken = token.stdout().lines().reduce((first, second) -> second).orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.send("GET", "/api/devices", null, readToken).statusCode() == 200);
            assertThat(HearthProcess.run("tokens", "revoke", "ops", "--config", config).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.send("GET", "/api/devices", null, readToken).statusCode() == 401);

            Path credentials = folder.resolve("load.yml");
            HearthProcess.Result generated = HearthProcess.run("devices", "generate", "--count", "3", "--prefix", "load-",
                    "--out", credentials.toString(), "--config", config);
            assertThat(generated.exitCode()).as(generated.stderr()).isZero();
            List<String> lines = Files.readAllLines(credentials);
            assertThat(lines).contains("  - id: load-00001", "  - id: load-00003");
            String firstPassword = lines.get(lines.indexOf("  - id: load-00001") + 1).replaceAll(".*password: \"(.*)\"", "$1");
            MqttClient load = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> RawMqtt.connect(hub.brokerUri(), "load-00001", "load-00001", firstPassword), MqttClient::isConnected);
            RawMqtt.closeQuietly(load);
        }
    }

    @Test
    void devicesOfTheConfigAreRefusedNamingTheFile() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            String config = hub.config.toString();
            String refusal = "hearth: bed-1 is defined in " + hub.config.toAbsolutePath().normalize() + "; change it there";
            for (String action : List.of("add", "disable", "enable", "rotate")) {
                HearthProcess.Result refused = HearthProcess.run("devices", action, HubFixture.BED, "--config", config);
                assertThat(refused.exitCode()).as(action).isEqualTo(1);
                assertThat(refused.errorLines()).as(action).containsExactly(refusal);
                assertThat(refused.stdout()).as(action).isEmpty();
            }
            assertThat(hub.hub.services().deviceRepository().find(HubFixture.BED)).as("nothing written").isEmpty();
            RawMqtt.closeQuietly(RawMqtt.connect(hub.brokerUri(), "bed-config", HubFixture.BED, HubFixture.BED_PASSWORD));
        }
    }

    /**
     * What the CLI does, without the process start: the database changes and nobody tells the
     * hub (its own Provisioning does not sync, the API controller does that). The device still
     * connects at once, and loses its access at the next sync as before.
     */
    @Test
    void aDeviceAddedBehindTheHubsBackConnectsAtOnceAndCanStillBeDisabled() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            Provisioning provisioning = hub.hub.services().provisioning();
            String password = provisioning.add("porch-1", Optional.empty()).password();
            MqttClient porch = RawMqtt.connect(hub.brokerUri(), "porch-1", "porch-1", password);

            provisioning.setEnabled("porch-1", false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !porch.isConnected());
            assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "porch-1b", "porch-1", password)).isInstanceOf(MqttException.class);

            provisioning.setEnabled("porch-1", true);
            RawMqtt.closeQuietly(RawMqtt.connect(hub.brokerUri(), "porch-1c", "porch-1", password));
            assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "ghost", "ghost", password)).isInstanceOf(MqttException.class);
            RawMqtt.closeQuietly(porch);
        }
    }
}
