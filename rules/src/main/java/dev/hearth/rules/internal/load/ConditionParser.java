package dev.hearth.rules.internal.load;

import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.Condition;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.ValueMatch;
import dev.hearth.rules.yaml.YamlNode;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One condition map of {@code if:} (also of {@code choose} branches and {@code repeat}) into a typed {@link Condition}. */
final class ConditionParser {
    static final List<String> KINDS = List.of("state", "time", "and", "or", "not", "expr");
    private static final List<String> STATE_KEYS = List.of("state", "is", "above", "below");
    private static final List<String> TIME_WINDOW_KEYS = List.of("after", "before", "weekdays");
    private static final String EXAMPLE = "{ state: coffee-1.status, is: idle } or { time: { after: \"05:30\", before: \"10:00\" } }";

    private final Parsing parsing;

    ConditionParser(Parsing parsing) {
        this.parsing = parsing;
    }

    /** A list of conditions (or a single condition map, read as a list of one). */
    List<Condition> list(YamlNode node, String key, String where) {
        if (node instanceof YamlNode.Map) {
            return parse(node, "the condition of '" + key + "' in " + where).map(List::of).orElse(List.of());
        }
        return parsing.list(node, key, where, "conditions", true, this::parse);
    }

    Optional<Condition> parse(YamlNode node, String where) {
        return parsing.item(node, where, KINDS, EXAMPLE, (map, kind, source) -> switch (kind) {
            case "state" -> state(map, where, source);
            case "time" -> time(map, where, source);
            case "expr" -> parsing.only(map, where, "expr")
                    .flatMap(value -> parsing.expression(value, "expr", where, true))
                    .map(expression -> new Condition.Expr(expression, source));
            default -> {
                YamlNode inner = parsing.only(map, where, kind).orElseThrow();
                List<Condition> conditions = list(inner, kind, where);
                yield Optional.of(switch (kind) {
                    case "and" -> new Condition.And(conditions, source);
                    case "or" -> new Condition.Or(conditions, source);
                    default -> new Condition.Not(conditions, source);
                });
            }
        });
    }

    private Optional<Condition> state(YamlNode.Map map, String where, RuleSource source) {
        MapReader reader = new MapReader(map, where, STATE_KEYS, parsing.problems);
        Optional<AttributeRef> attribute = parsing.values.reference(map.get("state").orElseThrow(), "state", where,
                "attribute", "coffee-1.status");
        if (reader.has("above") || reader.has("below")) {
            map.entry("is").ifPresent(entry -> parsing.problems.add(entry.keyPosition(), "'is' in " + where
                    + " cannot go with 'above'/'below'; expected either values or a numeric range"));
            Optional<BigDecimal> above = reader.optional("above").flatMap(value -> parsing.values.number(value, "above", where));
            Optional<BigDecimal> below = reader.optional("below").flatMap(value -> parsing.values.number(value, "below", where));
            if (above.isEmpty() && below.isEmpty()) {
                return Optional.empty();
            }
            return attribute.map(ref -> new Condition.Numeric(ref, above, below, source));
        }
        Optional<ValueMatch> is = reader.required("is", "the value(s) the attribute must have, e.g. is: idle or is: [idle, ready]")
                .flatMap(value -> parsing.values.valueMatch(value, "is", where));
        return attribute.flatMap(ref -> is.map(values -> new Condition.State(ref, values, source)));
    }

    private Optional<Condition> time(YamlNode.Map outer, String where, RuleSource source) {
        YamlNode node = parsing.only(outer, where, "time").orElseThrow();
        if (!(node instanceof YamlNode.Map map)) {
            return parsing.values.wrongType(node, "time", where, "a time window, e.g. time: { after: \"05:30\", before: \"10:00\" }");
        }
        MapReader window = new MapReader(map, "'time' of " + where, TIME_WINDOW_KEYS, parsing.problems);
        int problemsBefore = parsing.problems.count();
        Optional<LocalTime> after = window.optional("after").flatMap(value -> parsing.values.timeOfDay(value, "after", where));
        Optional<LocalTime> before = window.optional("before").flatMap(value -> parsing.values.timeOfDay(value, "before", where));
        Set<DayOfWeek> weekdays = window.optional("weekdays")
                .flatMap(value -> parsing.values.weekdays(value, "weekdays", where)).orElse(Set.of());
        if (parsing.problems.count() > problemsBefore) {
            return Optional.empty();
        }
        if (!window.has("after") && !window.has("before") && !window.has("weekdays")) {
            parsing.problems.add(map.position(), "'time' of " + where
                    + " is empty; expected at least one of: after, before, weekdays, e.g. { after: \"05:30\", before: \"10:00\" }");
            return Optional.empty();
        }
        if (after.isPresent() && after.equals(before)) {
            parsing.problems.add(map.position(), "'time' of " + where + " has the same 'after' and 'before' (" + after.get()
                    + "); expected two different times (a window may cross midnight)");
            return Optional.empty();
        }
        return Optional.of(new Condition.Time(after, before, weekdays, source));
    }
}
