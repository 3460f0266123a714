package dev.hearth.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.simulator.firmware.PlainMqtt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoadRunnerIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    @Test
    void twoHundredDevicesAtQos1LoseNothing() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadOptions options = LoadOptions.of(BROKER.uri(), Credentials.numbered("load-", "unused", 200), 2_000, 1,
                Duration.ofSeconds(4), Duration.ofSeconds(1));

        LoadReport report = new LoadRunner(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        System.out.println(progress.toString(StandardCharsets.UTF_8) + report.summary() + report.toJson());
        assertThat(report.connected()).isEqualTo(200);
        assertThat(report.errors()).as(report.summary()).isZero();
        assertThat(report.sent()).isGreaterThan(1_000).isLessThanOrEqualTo(options.maxMessages());
        assertThat(report.lost()).hasValue(0);
        assertThat(report.acknowledged()).hasValue(report.sent());
        assertThat(report.lossless()).isTrue();
        assertThat(report.p50()).isPresent();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("connected 200/200");
    }

    @Test
    void atQos0TheLossIsUnknown() {
        LoadOptions options = LoadOptions.of(BROKER.uri(), Credentials.numbered("load0-", "unused", 5), 200, 0,
                Duration.ofSeconds(1), Duration.ZERO);

        LoadReport report = new LoadRunner(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        assertThat(report.sent()).isPositive();
        assertThat(report.acknowledged()).isEmpty();
        assertThat(report.lost()).isEmpty();
        assertThat(report.toJson()).contains("\"lost\":null");
    }

    /** Each native login publishes its firmware's reading where the firmware does, after what it says on connecting. */
    @Test
    void nativeLoginsSpeakTheirFirmwaresTopicsAndABridgeListsItsDevicesFirst() throws Exception {
        List<Credentials> logins = List.of(
                new Credentials("shelly-1", "s", LoadProtocol.SHELLY, Optional.of("shellyplus1-l1"), List.of()),
                new Credentials("node-1", "e", LoadProtocol.HA_DISCOVERY, Optional.empty(), List.of()),
                new Credentials("bridge-1", "z", LoadProtocol.ZIGBEE2MQTT, Optional.of("z2m-load"), List.of("hall", "porch")));
        try (PlainMqtt watcher = new PlainMqtt(BROKER.uri(), "#")) {
            LoadOptions options = LoadOptions.of(BROKER.uri(), logins, 100, 1, Duration.ofSeconds(2), Duration.ZERO);

            LoadReport report = new LoadRunner(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

            assertThat(report.connected()).as("the bridge's two devices count").isEqualTo(4);
            assertThat(report.errors()).as(report.summary()).isZero();
            assertThat(report.lost()).hasValue(0);
            List<String> seen = List.copyOf(watcher.received);
            assertThat(seen).anyMatch(m -> m.startsWith("shellyplus1-l1/status/switch:0 {\"id\":0,\"source\":\"MQTT\",\"output\":true"));
            assertThat(seen).contains("node-1/status online").anyMatch(m -> m.matches("node-1/sensor/temperature/state \\d+\\.\\d"));
            int list = indexOf(seen, "z2m-load/bridge/devices [");
            assertThat(seen.get(list)).contains("\"friendly_name\":\"hall\"", "\"friendly_name\":\"porch\"");
            assertThat(list).as("the device list before any device's state").isLessThan(indexOf(seen, "z2m-load/porch {\"illuminance\":"));
            await().until(() -> watcher.saw("z2m-load/bridge/state {\"state\":\"offline\"}"));
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("nothing starts with " + prefix + " in " + lines);
    }
}
