package dev.hearth.device.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private static Backoff backoff(double random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> random);
    }

    @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms")
    @CsvSource({
            // the step doubles from min; the delay lies in its upper half; never below min, never above max
            "1, 0.0, 1000",
            "1, 0.99, 1000",
            "2, 0.0, 1000",
            "2, 1.0, 2000",
            "3, 0.0, 2000",
            "3, 0.5, 3000",
            "4, 1.0, 8000",
            "5, 0.0, 8000",
            "6, 1.0, 30000",
            "6, 0.0, 15000",
            "40, 1.0, 30000",
            "40, 0.0, 15000",
            "2147483647, 0.5, 22500",
    })
    void delaysGrowExponentiallyWithJitterWithinTheBounds(int attempt, double random, long expectedMs) {
        assertThat(backoff(random).delay(attempt)).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @ParameterizedTest
    @CsvSource({"0.0", "0.37", "1.0"})
    void equalBoundsGiveAFixedDelay(double random) {
        Backoff fixed = new Backoff(Duration.ofMillis(200), Duration.ofMillis(200), () -> random);
        assertThat(fixed.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(fixed.delay(9)).isEqualTo(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "10, 5", "-1, 10"})
    void refusesBoundsThatCannotWork(long minMs, long maxMs) {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(minMs), Duration.ofMillis(maxMs), () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
