package dev.hearth.rules.internal.load;

import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import java.util.List;
import java.util.Optional;

/** The keys of one YAML map: reports unknown keys once, and missing required ones on request. */
final class MapReader {
    private final YamlNode.Map map;
    private final String where;
    private final Problems problems;

    MapReader(YamlNode.Map map, String where, List<String> keys, Problems problems) {
        this.map = map;
        this.where = where;
        this.problems = problems;
        for (YamlNode.Entry entry : map.entries()) {
            if (!keys.contains(entry.key())) {
                problems.add(entry.keyPosition(), "unknown key '" + entry.key() + "' in " + where
                        + "; expected one of: " + String.join(", ", keys));
            }
        }
    }

    String where() {
        return where;
    }

    Position position() {
        return map.position();
    }

    boolean has(String key) {
        return map.entry(key).isPresent();
    }

    Optional<YamlNode> optional(String key) {
        return map.get(key);
    }

    /** The value, or empty after reporting that it is missing and what {@code expected} there. */
    Optional<YamlNode> required(String key, String expected) {
        Optional<YamlNode> value = map.get(key);
        if (value.isEmpty()) {
            problems.add(map.position(), where + " is missing required key '" + key + "'; expected " + expected);
        }
        return value;
    }
}
