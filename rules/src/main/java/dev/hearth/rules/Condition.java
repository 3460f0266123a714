package dev.hearth.rules;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.List;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What must hold when a rule triggers for it to run. */
public sealed interface Condition permits Condition.State, Condition.Time, Condition.Numeric, Condition.And,
        Condition.Or, Condition.Not, Condition.Expr {

    RuleSource source();

    /** The conditions this one combines ({@code and}, {@code or}, {@code not}); empty for the others. */
    List<Condition> children();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of condition: a new kind does not compile until every dispatcher handles it. */
    interface Visitor<R> {
        R state(State condition);

        R time(Time condition);

        R numeric(Numeric condition);

        R and(And condition);

        R or(Or condition);

        R not(Not condition);

        R expr(Expr condition);
    }

    /** The attribute currently has one of the values. */
    record State(AttributeRef attribute, ValueMatch is, RuleSource source) implements Condition {
        public State {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(is, "is");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Condition> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.state(this);
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

        @Override
        public List<Condition> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.time(this);
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

    /** The attribute is a number with {@code above} < value < {@code below}. */
    record Numeric(AttributeRef attribute, Optional<BigDecimal> above, Optional<BigDecimal> below, RuleSource source)
            implements Condition {
        public Numeric {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(above, "above");
            Objects.requireNonNull(below, "below");
            Objects.requireNonNull(source, "source");
            if (above.isEmpty() && below.isEmpty()) {
                throw new IllegalArgumentException("a numeric condition needs above or below");
            }
        }

        @Override
        public List<Condition> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.numeric(this);
        }

        public boolean includes(BigDecimal value) {
            return NumericRange.includes(above, below, value);
        }

        @Override
        public String toString() {
            return "numeric " + attribute + NumericRange.describe(above, below);
        }
    }

    /** Every one holds. */
    record And(List<Condition> all, RuleSource source) implements Condition {
        public And {
            all = List.copyOf(all);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Condition> children() {
            return all;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.and(this);
        }

        @Override
        public String toString() {
            return "and" + all;
        }
    }

    /** At least one holds. */
    record Or(List<Condition> any, RuleSource source) implements Condition {
        public Or {
            any = List.copyOf(any);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Condition> children() {
            return any;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.or(this);
        }

        @Override
        public String toString() {
            return "or" + any;
        }
    }

    /** None of them holds. */
    record Not(List<Condition> none, RuleSource source) implements Condition {
        public Not {
            none = List.copyOf(none);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Condition> children() {
            return none;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.not(this);
        }

        @Override
        public String toString() {
            return "not" + none;
        }
    }

    /**
     * A CEL expression that must yield true, over {@code state} (device -> attribute -> value),
     * {@code trigger} (the trigger's values) and {@code vars} (the run's variables). Type-checked at load.
     */
    record Expr(String expression, RuleSource source) implements Condition {
        public Expr {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Condition> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.expr(this);
        }

        @Override
        public String toString() {
            return "expr " + expression;
        }
    }
}
