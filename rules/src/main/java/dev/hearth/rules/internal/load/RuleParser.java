package dev.hearth.rules.internal.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.rules.Action;
import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.Condition;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleMode;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.Trigger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** One rule's YAML map into a typed {@link Rule}, reporting every problem on the way. */
final class RuleParser {
    private static final List<String> RULE_KEYS = List.of("id", "description", "mode", "when", "if", "then");
    private static final List<String> STATE_TRIGGER_KEYS = List.of("state", "from", "to", "for");
    private static final List<String> STATE_CONDITION_KEYS = List.of("state", "is");
    private static final List<String> TIME_CONDITION_KEYS = List.of("time");
    private static final List<String> TIME_WINDOW_KEYS = List.of("after", "before", "weekdays");
    private static final List<String> COMMAND_KEYS = List.of("command", "args", "timeout");
    private static final String MODES =
            Arrays.stream(RuleMode.values()).map(RuleMode::yamlName).collect(Collectors.joining(", "));

    private final Problems problems;
    private final ValueReader values;

    RuleParser(Problems problems) {
        this.problems = problems;
        this.values = new ValueReader(problems);
    }

    ParsedRule parse(YamlNode.Map map, int number) {
        int problemsBefore = problems.count();
        Optional<String> id = map.get("id").flatMap(node -> ruleId(node, number));
        String where = id.map(value -> "rule '" + value + "'").orElse("rule " + number);
        MapReader rule = new MapReader(map, where, RULE_KEYS, problems);
        rule.required("id", "a unique rule id, e.g. id: morning-coffee");

        Optional<String> description = rule.optional("description").flatMap(node -> values.text(node, "description", where));
        RuleMode mode = rule.optional("mode").flatMap(node -> mode(node, where)).orElse(RuleMode.SINGLE);
        List<Trigger> triggers = rule.required("when", "a list of triggers, e.g. when: [ { state: bed-1.occupant, to: awake } ]")
                .map(node -> list(node, "when", where, "triggers", true, this::trigger)).orElse(List.of());
        List<Condition> conditions = rule.optional("if")
                .map(node -> list(node, "if", where, "conditions", false, this::condition)).orElse(List.of());
        List<Action> actions = rule.required("then", "a list of actions, e.g. then: [ { command: coffee-1.brew } ]")
                .map(node -> list(node, "then", where, "actions", true, this::action)).orElse(List.of());

        RuleSource source = source(map.position());
        Position idPosition = map.get("id").map(YamlNode::position).orElse(map.position());
        if (problems.count() > problemsBefore || id.isEmpty()) {
            return new ParsedRule(id, idPosition, source, Optional.empty());
        }
        Rule parsed = new Rule(id.get(), description, mode, triggers, conditions, actions, source);
        return new ParsedRule(id, idPosition, source, Optional.of(parsed));
    }

    private Optional<String> ruleId(YamlNode node, int number) {
        Optional<String> id = values.text(node, "id", "rule " + number);
        if (id.isPresent() && !ValueReader.ID.matcher(id.get()).matches()) {
            problems.add(node.position(), "invalid rule id '" + id.get() + "' in rule " + number
                    + "; expected 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
            return Optional.empty();
        }
        return id;
    }

    private Optional<RuleMode> mode(YamlNode node, String where) {
        Optional<String> name = values.text(node, "mode", where);
        Optional<RuleMode> mode = name.flatMap(RuleMode::fromYaml);
        if (name.isPresent() && mode.isEmpty()) {
            problems.add(node.position(), "unknown mode '" + name.get() + "' in " + where + "; expected one of: " + MODES);
        }
        return mode;
    }

    /** The list's items, each read by {@code item} with its 1-based number; failed items are left out. */
    private <T> List<T> list(YamlNode node, String key, String where, String what, boolean nonEmpty,
                             BiFunction<YamlNode, String, Optional<T>> item) {
        if (!(node instanceof YamlNode.Seq seq)) {
            return values.<List<T>>wrongType(node, key, where, "a list of " + what).orElse(List.of());
        }
        if (nonEmpty && seq.items().isEmpty()) {
            problems.add(seq.position(), "'" + key + "' in " + where + " is empty; expected at least one of its " + what);
        }
        List<T> items = new ArrayList<>();
        String singular = what.substring(0, what.length() - 1);
        for (int index = 0; index < seq.items().size(); index++) {
            item.apply(seq.items().get(index), singular + " " + (index + 1) + " of " + where).ifPresent(items::add);
        }
        return items;
    }

    private Optional<Trigger> trigger(YamlNode node, String where) {
        Optional<YamlNode.Map> map = itemMap(node, where, "'state'", "{ state: bed-1.occupant, to: awake }");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        MapReader trigger = new MapReader(map.get(), where, STATE_TRIGGER_KEYS, problems);
        int problemsBefore = problems.count();
        Optional<AttributeRef> attribute = trigger.required("state", "the attribute to watch, e.g. state: bed-1.occupant")
                .flatMap(value -> values.reference(value, "state", where, "attribute", "bed-1.occupant"));
        var from = trigger.optional("from").flatMap(value -> values.valueMatch(value, "from", where));
        var to = trigger.optional("to").flatMap(value -> values.valueMatch(value, "to", where));
        Optional<Duration> holdFor = trigger.optional("for").flatMap(value -> values.duration(value, "for", where));
        if (problems.count() > problemsBefore || attribute.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Trigger.State(attribute.get(), from, to, holdFor, source(node.position())));
    }

    private Optional<Condition> condition(YamlNode node, String where) {
        Optional<YamlNode.Map> map = itemMap(node, where, "'state' or 'time'", "{ state: coffee-1.status, is: idle }");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        if (map.get().entry("state").isEmpty() && map.get().entry("time").isEmpty()) {
            problems.add(node.position(), where + " has neither 'state' nor 'time'; expected e.g. "
                    + "{ state: coffee-1.status, is: idle } or { time: { after: \"05:30\", before: \"10:00\" } }");
            return Optional.empty();
        }
        if (map.get().entry("time").isPresent()) {
            return timeCondition(new MapReader(map.get(), where, TIME_CONDITION_KEYS, problems), node.position());
        }
        MapReader condition = new MapReader(map.get(), where, STATE_CONDITION_KEYS, problems);
        int problemsBefore = problems.count();
        Optional<AttributeRef> attribute = condition.required("state", "the attribute to check, e.g. state: coffee-1.status")
                .flatMap(value -> values.reference(value, "state", where, "attribute", "coffee-1.status"));
        var is = condition.required("is", "the value(s) the attribute must have, e.g. is: idle or is: [idle, ready]")
                .flatMap(value -> values.valueMatch(value, "is", where));
        if (problems.count() > problemsBefore || attribute.isEmpty() || is.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition.State(attribute.get(), is.get(), source(node.position())));
    }

    private Optional<Condition> timeCondition(MapReader condition, Position position) {
        String where = condition.where();
        YamlNode node = condition.optional("time").orElseThrow();
        if (!(node instanceof YamlNode.Map map)) {
            return values.wrongType(node, "time", where, "a time window, e.g. time: { after: \"05:30\", before: \"10:00\" }");
        }
        MapReader window = new MapReader(map, "'time' of " + where, TIME_WINDOW_KEYS, problems);
        int problemsBefore = problems.count();
        Optional<LocalTime> after = window.optional("after").flatMap(value -> values.timeOfDay(value, "after", where));
        Optional<LocalTime> before = window.optional("before").flatMap(value -> values.timeOfDay(value, "before", where));
        Set<DayOfWeek> weekdays = window.optional("weekdays")
                .flatMap(value -> values.weekdays(value, "weekdays", where)).orElse(Set.of());
        if (problems.count() > problemsBefore) {
            return Optional.empty();
        }
        if (!window.has("after") && !window.has("before") && !window.has("weekdays")) {
            problems.add(map.position(), "'time' of " + where
                    + " is empty; expected at least one of: after, before, weekdays, e.g. { after: \"05:30\", before: \"10:00\" }");
            return Optional.empty();
        }
        if (after.isPresent() && after.equals(before)) {
            problems.add(map.position(), "'time' of " + where + " has the same 'after' and 'before' (" + after.get()
                    + "); expected two different times (a window may cross midnight)");
            return Optional.empty();
        }
        return Optional.of(new Condition.Time(after, before, weekdays, source(position)));
    }

    private Optional<Action> action(YamlNode node, String where) {
        Optional<YamlNode.Map> map = itemMap(node, where, "'command'", "{ command: coffee-1.brew, args: { cups: 1 } }");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        MapReader action = new MapReader(map.get(), where, COMMAND_KEYS, problems);
        int problemsBefore = problems.count();
        Optional<AttributeRef> command = action.required("command", "the command to send, e.g. command: coffee-1.brew")
                .flatMap(value -> values.reference(value, "command", where, "command", "coffee-1.brew"));
        var args = action.optional("args").flatMap(value -> values.jsonObject(value, "args", where))
                .orElseGet(JsonNodeFactory.instance::objectNode);
        Duration timeout = action.optional("timeout").flatMap(value -> values.duration(value, "timeout", where))
                .orElse(Action.Command.DEFAULT_TIMEOUT);
        if (problems.count() > problemsBefore || command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Action.Command(command.get().deviceId(), command.get().attribute(), args, timeout,
                source(node.position())));
    }

    private Optional<YamlNode.Map> itemMap(YamlNode node, String where, String keys, String example) {
        if (node instanceof YamlNode.Map map) {
            return Optional.of(map);
        }
        problems.add(node.position(), where + " must be a map with " + keys + ", e.g. " + example + "; got " + node.kindName());
        return Optional.empty();
    }

    private RuleSource source(Position position) {
        return new RuleSource(problems.file(), position.line(), position.column());
    }
}
