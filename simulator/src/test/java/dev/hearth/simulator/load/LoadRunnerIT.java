package dev.hearth.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.device.testing.BrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
}
