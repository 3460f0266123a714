package dev.hearth.rules;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What must hold when a rule triggers for it to run. */
public sealed interface Condition permits Condition.State, Condition.Time {

    RuleSource source();

    /** The attribute currently has one of the values. */
    record State(AttributeRef attribute, ValueMatch is, RuleSource source) implements Condition {
        public State {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(is, "is");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String toString() {
            return "state " + attribute + " is " + is;
        }
    }

    /**
     * The local time is in [after, before) on one of the weekdays (all days when empty). A window
     * whose {@code after} is later than its {@code before} crosses midnight; the weekday is the
     * one of the moment being checked.
     */
    record Time(Optional<LocalTime> after, Optional<LocalTime> before, Set<DayOfWeek> weekdays, RuleSource source)
            implements Condition {
        public Time {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(before, "before");
            weekdays = Set.copyOf(weekdays);
            Objects.requireNonNull(source, "source");
            if (after.isEmpty() && before.isEmpty() && weekdays.isEmpty()) {
                throw new IllegalArgumentException("a time condition needs after, before or weekdays");
            }
            if (after.isPresent() && after.equals(before)) {
                throw new IllegalArgumentException("after and before must differ");
            }
        }

        public boolean includes(ZonedDateTime moment) {
            if (!weekdays.isEmpty() && !weekdays.contains(moment.getDayOfWeek())) {
                return false;
            }
            LocalTime time = moment.toLocalTime();
            boolean afterStart = after.map(start -> !time.isBefore(start)).orElse(true);
            boolean beforeEnd = before.map(time::isBefore).orElse(true);
            boolean crossesMidnight = after.isPresent() && before.isPresent() && after.get().isAfter(before.get());
            return crossesMidnight ? afterStart || beforeEnd : afterStart && beforeEnd;
        }

        @Override
        public String toString() {
            String window = after.map(time -> "after " + time).orElse("")
                    + (after.isPresent() && before.isPresent() ? " and " : "")
                    + before.map(time -> "before " + time).orElse("");
            String days = weekdays.stream().sorted()
                    .map(day -> day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ", "on ", ""));
            return "time " + (window.isEmpty() ? days : weekdays.isEmpty() ? window : window + " " + days);
        }
    }
}
