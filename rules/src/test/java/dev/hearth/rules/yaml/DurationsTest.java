package dev.hearth.rules.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(textBlock = """
            500ms,       PT0.5S
            2s,          PT2S
            5m,          PT5M
            1h,          PT1H
            1h30m,       PT1H30M
            1h2m3s4ms,   PT1H2M3.004S
            90s,         PT1M30S
            0s,          PT0S
            """)
    void parses(String text, Duration expected) {
        assertThat(Durations.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "5", "5 minutes", "5min", "1.5s", "-2s", "30m1h", "2s2s", "1d", "s", "PT2S", " 2s"})
    void refuses(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(textBlock = """
            PT0.5S,        500ms
            PT1H30M,       1h30m
            PT26H,         26h
            PT1M0.25S,     1m250ms
            PT0S,          0s
            """)
    void formats(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
        assertThat(Durations.parse(expected)).contains(duration);
    }
}
