package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's Mosquitto with a TLS listener whose certificate a CA of the user's own signed, which also requires a
 * client certificate (and a password): Hearth reaches a Tasmota plug through it with the CA's PEM file and a client
 * certificate. A second bridge to the same listener trusting another CA is refused in the handshake: it is down in
 * /health, the first one is not.
 */
class BridgeTlsIT {
    @Test
    void aPlugIsReadAndCommandedOverMqttsWithTheUsersCaAndAClientCertificate(@TempDir Path folder) throws Exception {
        TestCertificates users = TestCertificates.authority(folder.resolve("tls"), "users-ca");
        TestCertificates.Signed broker = users.server("mosquitto");
        TestCertificates.Signed hearth = users.client("hearth", "hearth");
        TestCertificates other = TestCertificates.authority(folder.resolve("other"), "other-ca");
        int tlsPort = Mosquitto.freePort();
        try (Mosquitto mosquitto = Mosquitto.start(folder.resolve("mosquitto"), BridgeIT.USERS, """
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(tlsPort, users.ca, broker.certificate(), broker.key()))) {
            String bridges = """
                    bridges:
                      - id: secure
                        url: mqtts://localhost:%1$d
                        username: hearth
                        password: %2$s
                        ca-file: %3$s
                        client-cert-file: %4$s
                        client-key-file: %5$s
                        devices:
                          - { id: plug-1, protocol: tasmota, topic: %6$s }
                      - id: wrong-ca
                        url: mqtts://localhost:%1$d
                        username: hearth
                        password: %2$s
                        ca-file: %7$s
                        client-cert-file: %4$s
                        client-key-file: %5$s
                        devices:
                          - { id: plug-2, protocol: tasmota, topic: plug_two }
                    """.formatted(tlsPort, BridgeIT.HEARTH_PASSWORD, users.ca, hearth.certificate(), hearth.key(),
                    TasmotaIT.TOPIC, other.ca);
            try (HubFixture hub = HubFixture.startWithDevices(folder.resolve("hub"), "rules: []\n", "", bridges);
                 NativeClient plug = NativeClient.connect(mosquitto.uri(), "DVES_" + UUID.randomUUID().toString().substring(0, 6),
                         TasmotaIT.PLUG, TasmotaIT.PLUG_PASSWORD, "tele/" + TasmotaIT.TOPIC + "/LWT", "Offline")) {
                plug.onMessage((topic, payload) -> plug.publishLater("stat/" + TasmotaIT.TOPIC + "/POWER", payload));
                plug.subscribe("cmnd/" + TasmotaIT.TOPIC + "/#");
                plug.publish("tele/" + TasmotaIT.TOPIC + "/LWT", "Online", true);
                plug.publish("tele/" + TasmotaIT.TOPIC + "/STATE", "{\"POWER\":\"OFF\",\"Wifi\":{\"Signal\":-61}}");

                await().atMost(Duration.ofSeconds(30)).until(() -> hub.metric("hearth_bridge_up{bridge=\"secure\"}") == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.getJson("/api/devices/plug-1").path("availability")
                        .asText().equals("online"));
                HttpResponse<String> on = hub.send("POST", "/api/devices/plug-1/commands/turn_on?timeout=5s", "{}", hub.adminToken);
                assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
                assertThat(plug.received).extracting(Object::toString).containsExactly("cmnd/tasmota_ABC123/POWER ON");
                assertThat(hub.getJson("/api/devices/plug-1").path("state").path("power").asBoolean()).isTrue();

                await().atMost(Duration.ofSeconds(10)).until(() -> hub.send("GET", "/health", null, null).body()
                        .contains("\"bridge:wrong-ca\":\"DOWN (TLS failed"));
                HttpResponse<String> health = hub.send("GET", "/health", null, null);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(HubFixture.json(health).path("status").asText()).isEqualTo("DEGRADED");
                assertThat(HubFixture.json(health).path("checks").path("bridge:secure").asText()).isEqualTo("UP");
                assertThat(hub.metric("hearth_bridge_up{bridge=\"wrong-ca\"}")).isZero();
                assertThat(hub.metric("hearth_bridge_connect_failures_total{bridge=\"wrong-ca\"}")).isPositive();
                assertThat(hub.getJson("/api/devices/plug-2").path("availability").asText()).isEqualTo("offline");
            }
        }
    }
}
