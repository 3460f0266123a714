package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} ms, shown as {2}")
    @CsvSource(textBlock = """
            0s,      0,       0s
            500ms,   500,     500ms
            2s,      2000,    2s
            1.5s,    1500,    1.5s
            1.25 s,  1250,    1.25s
            10m,     600000,  10m
            1h,      3600000, 60m
            90s,     90000,   90s
            1500ms,  1500,    1.5s
            """)
    void parsesAndFormats(String text, long millis, String formatted) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(formatted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "-1s", "1d", "1.0005s", "two seconds", "1s 500ms"})
    void refusesWhatIsNotADuration(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
