package dev.hearth.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.TestBroker;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssl://} against HiveMQ's TLS listener, with key material made by the JDK's keytool at
 * test time: a self-signed broker certificate for localhost, and a client certificate the
 * broker requires.
 */
class TlsIT {
    private static final String PASSWORD = "test-secret";
    @TempDir
    static Path keys;
    private static TestBroker broker;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makeKeysAndStartBrokers() throws Exception {
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "JKS",
                "-keystore", path("broker.jks"), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", path("broker.jks"), "-storepass", PASSWORD,
                "-file", path("broker.crt"));
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", path("broker.crt"), "-storetype", "PKCS12",
                "-keystore", path("device-trust.p12"), "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "device", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=sensor-t",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", path("device.p12"), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "device", "-keystore", path("device.p12"), "-storepass", PASSWORD,
                "-file", path("device.crt"));
        keytool("-importcert", "-noprompt", "-alias", "device", "-file", path("device.crt"), "-storetype", "JKS",
                "-keystore", path("broker-trust.jks"), "-storepass", PASSWORD);

        broker = TestBroker.startWithTls(new TestBroker.Tls(TestBroker.freeLocalPort(), keys.resolve("broker.jks"), PASSWORD,
                Optional.of(keys.resolve("broker-trust.jks"))));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static String path(String name) {
        return keys.resolve(name).toString();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    @Test
    void aDeviceWithTheTrustStoreAndAClientCertificateConnectsOverTlsAndWorks() {
        TestHubClient hub = TestHubClient.connect(broker.uri()).subscribe(Topics.deviceFilter("sensor-t"));
        toClose.add(hub);
        HearthDevice device = HearthDevice.builder().serverUri(broker.tlsUri()).deviceId("sensor-t")
                .trustStore(keys.resolve("device-trust.p12"), PASSWORD)
                .clientKeyStore(keys.resolve("device.p12"), PASSWORD)
                .build();
        toClose.add(device);
        device.connect();
        device.sendTelemetry(Map.of("celsius", 41.2));

        await().untilAsserted(() -> {
            assertThat(hub.payloadsOn(Topics.status("sensor-t"))).contains("online");
            assertThat(hub.payloadsOn(Topics.telemetry("sensor-t"))).singleElement().asString().contains("41.2");
        });
    }

    @Test
    void withoutTheClientCertificateTheBrokerRefusesTheDevice() {
        HearthDevice device = HearthDevice.builder().serverUri(broker.tlsUri()).deviceId("sensor-u")
                .trustStore(keys.resolve("device-trust.p12"), PASSWORD)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        toClose.add(device);
        assertThatThrownBy(device::connect).isInstanceOf(HearthDeviceException.class);
    }

    @Test
    void anUntrustedBrokerCertificateIsRefused() {
        HearthDevice device = HearthDevice.builder().serverUri(broker.tlsUri()).deviceId("sensor-v")
                .clientKeyStore(keys.resolve("device.p12"), PASSWORD) // the JVM's CAs do not know our self-signed broker
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        toClose.add(device);
        assertThatThrownBy(device::connect).isInstanceOf(HearthDeviceException.class);
    }

    @Test
    void aWrongKeyStorePasswordFailsTheBuildWithAClearMessage() {
        assertThatThrownBy(() -> HearthDevice.builder().serverUri(broker.tlsUri()).deviceId("sensor-w")
                .trustStore(keys.resolve("device-trust.p12"), "wrong").build())
                .isInstanceOf(HearthDeviceException.class)
                .hasMessageStartingWith("cannot set up TLS: cannot read key store");
    }
}
