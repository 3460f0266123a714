package dev.hearth.hub.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private final Backoff backoff = Backoff.DEFAULT;

    @ParameterizedTest(name = "after {0} failures, drawn {1}: {2} ms")
    @CsvSource({
            "0, 0.0, 1000", "0, 0.99, 1000",      // the first retry: the minimum, whatever is drawn
            "1, 0.0, 1000", "1, 0.5, 1500", "1, 0.999, 1999",
            "3, 0.0, 4000", "3, 0.5, 6000",
            "6, 0.0, 30000", "6, 0.999, 59970",     // 64 s is past the bound: between 30 and 60 s
            "20, 0.999, 59970", "40, 0.0, 30000", "2147483647, 0.5, 45000"})
    void theWaitDoublesWithJitterBetweenHalfTheBoundAndTheBound(int failures, double drawn, long millis) {
        assertThat(backoff.delay(failures, () -> drawn)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"0, 60", "-1, 60", "10, 5"})
    void aBackoffGoesFromAPositiveMinimumUpToALongerMaximum(long min, long max) {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(min), Duration.ofSeconds(max)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
