package dev.hearth.simulator.scenario;

import dev.hearth.rules.yaml.Durations;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed readings of a scenario's YAML values, in the scenario format's wording. Each returns the
 * value, or empty after adding what is wrong (and where) to the file's {@link Problems}; the parsers
 * go on, so that one load reports every problem.
 */
final class NodeReader {
    private final Problems problems;

    NodeReader(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** The map, checking that it has no keys but {@code allowed} (any, when null); empty if it is no map. */
    Optional<YamlNode.Map> mapping(YamlNode node, String what, List<String> allowed) {
        if (!(node instanceof YamlNode.Map map)) {
            problems.add(node.position(), what + " should be a mapping, got " + describe(node));
            return Optional.empty();
        }
        if (allowed != null) {
            allowedKeys(map, what, allowed);
        }
        return Optional.of(map);
    }

    void allowedKeys(YamlNode.Map map, String what, List<String> allowed) {
        for (YamlNode.Entry entry : map.entries()) {
            if (!allowed.contains(entry.key())) {
                problems.add(entry.keyPosition(), "unknown key '" + entry.key() + "' in " + what + ", expected one of: "
                        + String.join(", ", allowed));
            }
        }
    }

    Optional<YamlNode> required(YamlNode.Map map, String key) {
        Optional<YamlNode> value = map.get(key);
        if (value.isEmpty()) {
            problems.add(map.position(), "missing key '" + key + "'");
        }
        return value;
    }

    Optional<String> text(YamlNode node, String key) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull() && !scalar.text().isBlank()) {
            return Optional.of(scalar.text());
        }
        return wrong(node, "'" + key + "' should be a text value");
    }

    Optional<List<YamlNode>> list(YamlNode node, String key) {
        if (node instanceof YamlNode.Seq seq) {
            return Optional.of(seq.items());
        }
        return wrong(node, "'" + key + "' should be a list");
    }

    Optional<Duration> duration(YamlNode node) {
        Optional<Duration> duration = node instanceof YamlNode.Scalar scalar && !scalar.isNull()
                ? Durations.parse(scalar.text().trim()) : Optional.empty();
        if (duration.isEmpty()) {
            problems.add(node.position(), "bad duration " + describe(node) + ": expected e.g. " + Durations.EXAMPLES);
        }
        return duration;
    }

    Optional<Double> number(YamlNode node, String key) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isNumber()) {
            return Optional.of(scalar.value().asDouble());
        }
        return wrong(node, "'" + key + "' should be a number");
    }

    Optional<Long> integer(YamlNode node, String key) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isIntegralNumber() && scalar.value().canConvertToLong()) {
            return Optional.of(scalar.value().asLong());
        }
        return wrong(node, "'" + key + "' should be a whole number");
    }

    /** YAML 1.2: only true and false; {@code yes} and {@code on} are text. */
    Optional<Boolean> bool(YamlNode node, String key) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isBoolean()) {
            return Optional.of(scalar.value().booleanValue());
        }
        return wrong(node, "'" + key + "' should be true or false");
    }

    Optional<String> commandName(YamlNode node, String key) {
        Optional<String> command = text(node, key);
        if (command.isPresent() && !Topics.isValidCommandName(command.get())) {
            problems.add(node.position(), "invalid command name '" + command.get() + "': use 1-64 letters, digits, '_', '-' or '.'");
            return Optional.empty();
        }
        return command;
    }

    <T> Optional<T> wrong(YamlNode node, String expectation) {
        problems.add(node.position(), expectation + ", got " + describe(node));
        return Optional.empty();
    }

    /** What a value is, for "got ..." in a message: a mapping, a list, nothing, or the scalar quoted. */
    static String describe(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.isNull() ? "nothing" : "'" + scalar.text() + "'";
        }
        return node instanceof YamlNode.Map ? "a mapping" : "a list";
    }
}
