package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeConditionTest {
    private static final RuleSource SOURCE = new RuleSource(Path.of("t.yaml"), 1, 1);

    /** 2025-01-06 is a Monday. */
    @ParameterizedTest(name = "after {0} before {1} on {2}, at {3}: {4}")
    @CsvSource(nullValues = "-", textBlock = """
            05:30, 10:00, -,       2025-01-06T05:29:59, false
            05:30, 10:00, -,       2025-01-06T05:30,    true
            05:30, 10:00, -,       2025-01-06T09:59:59, true
            05:30, 10:00, -,       2025-01-06T10:00,    false
            22:00, 06:00, -,       2025-01-06T21:59,    false
            22:00, 06:00, -,       2025-01-06T22:00,    true
            22:00, 06:00, -,       2025-01-07T00:00,    true
            22:00, 06:00, -,       2025-01-07T05:59,    true
            22:00, 06:00, -,       2025-01-07T06:00,    false
            -,     12:00, -,       2025-01-06T00:00,    true
            -,     12:00, -,       2025-01-06T12:00,    false
            18:00, -,     -,       2025-01-06T23:59,    true
            18:00, -,     -,       2025-01-06T17:59,    false
            -,     -,     sat sun, 2025-01-11T10:00,    true
            -,     -,     sat sun, 2025-01-10T10:00,    false
            07:00, 09:00, mon,     2025-01-06T08:00,    true
            07:00, 09:00, tue,     2025-01-06T08:00,    false
            22:00, 02:00, fri,     2025-01-11T01:00,    false
            """)
    void includes(String after, String before, String days, LocalDateTime at, boolean included) {
        Condition.Time window = new Condition.Time(time(after), time(before), weekdays(days), SOURCE);

        assertThat(window.includes(at.atZone(ZoneId.of("Europe/Paris")))).isEqualTo(included);
    }

    private static Optional<LocalTime> time(String text) {
        return Optional.ofNullable(text).map(LocalTime::parse);
    }

    private static Set<DayOfWeek> weekdays(String days) {
        if (days == null) {
            return Set.of();
        }
        return Arrays.stream(days.split(" "))
                .map(day -> Arrays.stream(DayOfWeek.values()).filter(d -> d.name().toLowerCase().startsWith(day))
                        .findFirst().orElseThrow())
                .collect(Collectors.toSet());
    }
}
