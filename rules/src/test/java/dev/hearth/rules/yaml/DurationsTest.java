package dev.hearth.rules.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one duration syntax: what rules (1h30m), scenarios (1.5s, 1.25 s) and the history API (2d)
 * each accepted before stays accepted; what none of them accepted is refused, with the same message.
 */
class DurationsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            500ms        | PT0.5S
            250ms        | PT0.25S
            2s           | PT2S
            90s          | PT1M30S
            5m           | PT5M
            1h           | PT1H
            1h30m        | PT1H30M
            1h2m3s4ms    | PT1H2M3.004S
            0s           | PT0S
            1.5s         | PT1.5S
            '1.25 s'     | PT1.25S
            1.5m         | PT1M30S
            0.5h         | PT30M
            1500ms       | PT1.5S
            2d           | PT48H
            1d12h        | PT36H
            3653d        | PT87672H
            """)
    void accepts(String text, Duration expected) {
        assertThat(Durations.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            ''
            5
            5 minutes
            5min
            -2s
            30m1h
            2s2s
            ms500
            s
            PT2S
            1s 500ms
            1.0005s
            1.s
            .5s
            two seconds
            99999999999999999999s
            999999999999999d
            """)
    void refusesWithTheSameMessageEverywhere(String text) throws Exception {
        assertThat(Durations.parse(text)).isEmpty();
        Path file = Files.writeString(dir.resolve("r.yaml"),
                "rules:\n  - id: r\n    when: [ { state: a.b, for: \"" + text + "\" } ]\n    then: [ { command: c.d } ]\n");
        LoadResult result = new RulesLoader().load(file);
        assertThat(result).isInstanceOf(LoadResult.Failed.class);
        assertThat(((LoadResult.Failed) result).errors()).singleElement().hasToString(file + ":3:32: invalid duration '" + text
                + "' for 'for' in trigger 1 of rule 'r'; expected e.g. 500ms, 30s, 5m, 1h30m, 1.5s or 2d");
    }

    /** Readers trim what they read; the syntax itself has no room for space around it. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            ' 2s'
            '2s '
            """)
    void refusesSpaceAround(String text) {
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
