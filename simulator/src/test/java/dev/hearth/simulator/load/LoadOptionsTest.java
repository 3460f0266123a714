package dev.hearth.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadOptionsTest {
    private static final List<Credentials> ONE = Credentials.numbered("load-", "p", 1);

    @Test
    void countIsBoundedByRateTimesDuration() {
        LoadOptions o = LoadOptions.of("tcp://127.0.0.1:1883", Credentials.numbered("load-", "p", 10), 250, 1,
                Duration.ofSeconds(4), Duration.ZERO);
        assertThat(o.maxMessages()).isEqualTo(1_000);
        assertThat(o.devices()).isEqualTo(10);
        assertThat(o.logins().get(0).deviceId()).isEqualTo("load-0001");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            tcp://192.0.2.10:1883 | the broker 192.0.2.10 is not on this machine
            http://127.0.0.1:1883 | the broker should be like tcp://127.0.0.1:1883
            """)
    void loopbackOnlyUnlessAllowed(String uri, String message) {
        assertThatThrownBy(() -> LoadOptions.of(uri, ONE, 1, 1, Duration.ofSeconds(1), Duration.ZERO)).hasMessageStartingWith(message);
    }

    @Test
    void refusesOutOfBoundsRuns() {
        assertThatThrownBy(() -> LoadOptions.of("tcp://127.0.0.1:1", List.of(), 1, 1, Duration.ofSeconds(1), Duration.ZERO)).hasMessageContaining("devices");
        assertThatThrownBy(() -> LoadOptions.of("tcp://127.0.0.1:1", ONE, 1, 2, Duration.ofSeconds(1), Duration.ZERO)).hasMessageContaining("qos");
        assertThatThrownBy(() -> LoadOptions.of("tcp://127.0.0.1:1", ONE, 1, 1, Duration.ofHours(2), Duration.ZERO)).hasMessageContaining("duration");
        assertThatThrownBy(() -> LoadOptions.of("tcp://127.0.0.1:1", ONE, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(2))).hasMessageContaining("rampUp");
        assertThatThrownBy(() -> LoadOptions.of("tcp://127.0.0.1:1", ONE, 0, 1, Duration.ofSeconds(1), Duration.ZERO)).hasMessageContaining("rate");
    }

    @Test
    void theReportSaysWhatIsUnknownAtQos0() {
        LoadReport r = new LoadReport(5, 5, 0, 100, OptionalLong.empty(), OptionalLong.empty(), 0, List.of(), Duration.ofSeconds(2),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(r.summary()).contains("acknowledged  unknown (QoS 0 has no PUBACK)").contains("lost          unknown (QoS 0)");
        assertThat(r.toJson()).isEqualTo("{\"devices\":5,\"connected\":5,\"qos\":0,\"durationSeconds\":2.0,\"sent\":100,\"ratePerSecond\":50.0,"
                + "\"acknowledged\":null,\"lost\":null,\"errors\":0,\"latencyMs\":{\"measured\":\"publish to PUBACK\",\"p50\":null,\"p99\":null,\"max\":null}}");
        assertThat(r.lossless()).isFalse();
        assertThat(r.succeeded()).as("no error, and loss cannot be known at QoS 0").isTrue();
    }

    @Test
    void latencyBucketsKeepAThousandthOfPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1_000; i++) {
            h.record(i * 10_000L); // 10 µs .. 10 ms
        }
        assertThat(h.percentile(0.5).orElseThrow().toNanos() / 1e6).isBetween(4.99, 5.01);
        assertThat(h.percentile(0.99).orElseThrow().toNanos() / 1e6).isBetween(9.89, 9.91);
        assertThat(h.max()).contains(Duration.ofMillis(10));
        for (long micros : new long[] {0, 1, 2047, 2048, 5_000, 1_000_000, 123_456_789}) {
            long low = LatencyHistogram.lowerBound(LatencyHistogram.index(micros));
            assertThat(low).isLessThanOrEqualTo(micros).isGreaterThanOrEqualTo((long) (micros * 0.999));
        }
    }
}
