package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.HearthDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices connect over MQTT-over-TLS with the hub's certificate; an untrusting client is refused. */
class MqttTlsIT {
    private static final String PASSWORD = "changeit-tls";

    @TempDir
    Path folder;

    @Test
    void aDeviceReportsOverTls() throws Exception {
        Path keys = folder.resolve("keys");
        java.nio.file.Files.createDirectories(keys);
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.resolve("hub.p12").toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "hub", "-keystore", keys.resolve("hub.p12").toString(), "-storepass", PASSWORD,
                "-file", keys.resolve("hub.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "hub", "-file", keys.resolve("hub.crt").toString(), "-storetype", "PKCS12",
                "-keystore", keys.resolve("trust.p12").toString(), "-storepass", PASSWORD);

        try (HubFixture hub = HubFixture.start(folder,
                "tls: { port: 0, keystore: keys/hub.p12, keystore-password: " + PASSWORD + " }")) {
            int tlsPort = hub.hub.mqttTlsPort();
            assertThat(tlsPort).isPositive();
            try (HearthDevice bed = HearthDevice.builder()
                    .serverUri("ssl://localhost:" + tlsPort).deviceId("bed-1").password(HubFixture.BED_PASSWORD)
                    .trustStore(keys.resolve("trust.p12"), PASSWORD)
                    .build()) {
                bed.connect();
                bed.reportState(Map.of("occupant", "asleep"));
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        "asleep".equals(hub.getJson("/api/devices/bed-1").path("state").path("occupant").asText()));
            }
            try (HearthDevice untrusting = HearthDevice.builder()
                    .serverUri("ssl://localhost:" + tlsPort).deviceId("bed-1").password(HubFixture.BED_PASSWORD)
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()) {
                assertThatThrownBy(untrusting::connect).hasMessageContaining("cannot connect to ssl://localhost:" + tlsPort);
            }
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
