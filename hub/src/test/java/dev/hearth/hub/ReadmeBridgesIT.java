package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Devices on a broker you already run" example, run as written against a real Mosquitto with a TLS
 * listener whose certificate a CA of the test signed: its bridges: section as the hub's config, and its Mosquitto
 * and curl lines playing Zigbee2MQTT on that broker. Only the broker's address and port, the two files' paths and the
 * hub's port change.
 */
class ReadmeBridgesIT {
    private static final String SECTION = "## Devices on a broker you already run";
    private static final String README_URL = "mqtts://192.168.1.10:8883";
    private static final String README_PASSWORD_FILE = "/etc/hearth/mosquitto-password";
    private static final String README_CA = "/etc/mosquitto/ca_certificates/ca.crt";

    @Test
    void theExampleRunsAsWritten(@TempDir Path folder) throws Exception {
        List<String> blocks = ReadmeExamples.blocks(SECTION);
        assertThat(blocks).hasSize(2);
        String bridges = blocks.get(0);
        assertThat(bridges).startsWith("bridges:\n").contains(README_URL, README_PASSWORD_FILE, README_CA);
        List<String> lines = ReadmeExamples.commands(blocks.get(1));
        assertThat(lines).hasSize(4);

        TestCertificates ca = TestCertificates.authority(folder.resolve("tls"), "ca");
        TestCertificates.Signed broker = ca.server("mosquitto");
        int tlsPort = Mosquitto.freePort();
        Path password = Files.writeString(folder.resolve("mosquitto-password"), "hearth-readme\n");
        try (Mosquitto mosquitto = Mosquitto.start(folder.resolve("mosquitto"), Map.of("hearth", "hearth-readme",
                "z2m", "z2m-example"), """
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                """.formatted(tlsPort, ca.ca, broker.certificate(), broker.key()));
             HubFixture hub = HubFixture.startWithDevices(folder.resolve("hub"), "rules: []\n", "", bridges
                     .replace(README_URL, "mqtts://localhost:" + tlsPort)
                     .replace(README_PASSWORD_FILE, password.toString())
                     .replace(README_CA, ca.ca.toString()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.metric("hearth_bridge_up{bridge=\"home\"}") == 1);
            run(hub, tlsPort, ca, lines.get(0));
            run(hub, tlsPort, ca, lines.get(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.get("/api/devices/hallway-motion").statusCode() == 200
                    && HubFixture.json(hub.get("/api/devices/hallway-motion")).path("state").path("occupancy").asBoolean());
            String device = run(hub, tlsPort, ca, lines.get(2));
            assertThat(device).contains("\"protocol\":\"zigbee2mqtt\"", "\"occupancy\":true", "\"availability\":\"online\"");
            String health = run(hub, tlsPort, ca, lines.get(3));
            assertThat(health).contains("\"status\":\"UP\"", "\"bridge:home\":\"UP\"");
        }
    }

    /** A line of the README pointed at this broker (its port, the test's CA) and this hub, with a token in $TOKEN. */
    private static String run(HubFixture hub, int tlsPort, TestCertificates ca, String line) throws Exception {
        String command = line.replace("-h 192.168.1.10 -p 8883", "-h localhost -p " + tlsPort)
                .replace(README_CA, ca.ca.toString())
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + hub.hub.httpPort());
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        builder.environment().put("TOKEN", hub.readToken);
        return ReadmeExamples.run(builder.start(), command);
    }
}
