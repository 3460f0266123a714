package dev.hearth.rules.internal.load;

import dev.hearth.rules.Action;
import dev.hearth.rules.Condition;
import dev.hearth.rules.MissedPolicy;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleMode;
import dev.hearth.rules.RuleOptions;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One rule's YAML map into a typed {@link Rule}, reporting every problem on the way. */
final class RuleParser {
    private static final List<String> RULE_KEYS = List.of("id", "description", "mode", "max", "key", "dry_run",
            "missed", "enabled", "when", "if", "then");
    private static final String MODES =
            Arrays.stream(RuleMode.values()).map(RuleMode::yamlName).collect(Collectors.joining(", "));
    private static final int MAX_RUNS_LIMIT = 1_000;

    private final Parsing parsing;
    private final ValueReader values;
    private final TriggerParser triggers;
    private final ConditionParser conditions;
    private final ActionParser actions;

    RuleParser(Problems problems) {
        this.parsing = new Parsing(problems);
        this.values = parsing.values;
        this.triggers = new TriggerParser(parsing);
        this.conditions = new ConditionParser(parsing);
        this.actions = new ActionParser(parsing, triggers, conditions);
    }

    ParsedRule parse(YamlNode.Map map, int number) {
        try {
            return parseRule(map, number);
        } catch (RuntimeException e) {
            // A safety net: a check the parser missed must still come out as an error with a place.
            parsing.problems.add(map.position(), "cannot read rule " + number + ": " + e.getMessage());
            return new ParsedRule(Optional.empty(), map.position(), parsing.source(map.position()), Optional.empty());
        }
    }

    private ParsedRule parseRule(YamlNode.Map map, int number) {
        Problems problems = parsing.problems;
        int problemsBefore = problems.count();
        Optional<String> id = map.get("id").flatMap(node -> ruleId(node, number));
        String where = id.map(value -> "rule '" + value + "'").orElse("rule " + number);
        MapReader rule = new MapReader(map, where, RULE_KEYS, problems);
        rule.required("id", "a unique rule id, e.g. id: morning-coffee");

        Optional<String> description = rule.optional("description").flatMap(node -> values.text(node, "description", where));
        RuleMode mode = rule.optional("mode").flatMap(node -> mode(node, where)).orElse(RuleMode.SINGLE);
        RuleOptions options = options(rule, where);
        List<Trigger> when = rule.required("when", "a list of triggers, e.g. when: [ { state: bed-1.occupant, to: awake } ]")
                .map(node -> parsing.list(node, "when", where, "triggers", true, triggers::parse)).orElse(List.of());
        List<Condition> ifs = rule.optional("if")
                .map(node -> parsing.list(node, "if", where, "conditions", false, conditions::parse)).orElse(List.of());
        List<Action> then = rule.required("then", "a list of actions, e.g. then: [ { command: coffee-1.brew } ]")
                .map(node -> actions.list(node, "then", where)).orElse(List.of());

        RuleSource source = parsing.source(map.position());
        Position idPosition = map.get("id").map(YamlNode::position).orElse(map.position());
        if (problems.count() > problemsBefore || id.isEmpty()) {
            return new ParsedRule(id, idPosition, source, Optional.empty());
        }
        Rule parsed = new Rule(id.get(), description, mode, when, ifs, then, source, options);
        return new ParsedRule(id, idPosition, source, Optional.of(parsed));
    }

    private RuleOptions options(MapReader rule, String where) {
        int max = rule.optional("max").flatMap(node -> values.positiveInt(node, "max", where, MAX_RUNS_LIMIT))
                .orElse(RuleOptions.DEFAULT_MAX);
        Optional<String> key = rule.optional("key").flatMap(node -> parsing.expression(node, "key", where, false));
        boolean dryRun = rule.optional("dry_run").flatMap(node -> values.bool(node, "dry_run", where)).orElse(false);
        MissedPolicy missed = rule.optional("missed").flatMap(node -> missed(node, where)).orElse(MissedPolicy.DEFAULT);
        boolean enabled = rule.optional("enabled").flatMap(node -> values.bool(node, "enabled", where)).orElse(true);
        return new RuleOptions(max, key, dryRun, missed, enabled);
    }

    private Optional<MissedPolicy> missed(YamlNode node, String where) {
        Optional<String> text = values.text(node, "missed", where);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get().trim();
        if (value.equals("fire")) {
            return Optional.of(new MissedPolicy(MissedPolicy.Kind.FIRE, Duration.ZERO));
        }
        if (value.equals("skip")) {
            return Optional.of(new MissedPolicy(MissedPolicy.Kind.SKIP, Duration.ZERO));
        }
        if (value.startsWith("grace ")) {
            Optional<Duration> grace = Durations.parse(value.substring(6).trim());
            if (grace.isPresent()) {
                return Optional.of(new MissedPolicy(MissedPolicy.Kind.GRACE, grace.get()));
            }
        }
        parsing.problems.add(node.position(), "invalid 'missed' policy '" + text.get() + "' in " + where
                + "; expected fire, skip or grace <duration>, e.g. grace 10m");
        return Optional.empty();
    }

    private Optional<String> ruleId(YamlNode node, int number) {
        Optional<String> id = values.text(node, "id", "rule " + number);
        if (id.isPresent() && !ValueReader.ID.matcher(id.get()).matches()) {
            parsing.problems.add(node.position(), "invalid rule id '" + id.get() + "' in rule " + number
                    + "; expected 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
            return Optional.empty();
        }
        return id;
    }

    private Optional<RuleMode> mode(YamlNode node, String where) {
        Optional<String> name = values.text(node, "mode", where);
        Optional<RuleMode> mode = name.flatMap(RuleMode::fromYaml);
        if (name.isPresent() && mode.isEmpty()) {
            parsing.problems.add(node.position(), "unknown mode '" + name.get() + "' in " + where + "; expected one of: " + MODES);
        }
        return mode;
    }
}
