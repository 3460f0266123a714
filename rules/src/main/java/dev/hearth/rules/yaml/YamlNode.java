package dev.hearth.rules.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A YAML value that remembers where it was written: a loader's input, never the engine's. A map keeps
 * its keys in file order, each with the key's own position (where an unknown key is reported).
 */
public sealed interface YamlNode permits YamlNode.Map, YamlNode.Seq, YamlNode.Scalar {

    Position position();

    /** How to name this kind of value in an error message: "a map", "a list", "a number"... */
    String kindName();

    /** Plain JSON, positions dropped: for values passed on as they are written (a command's arguments). */
    JsonNode toJson();

    /** One key of a map, where the key is written, and its value. */
    record Entry(String key, Position keyPosition, YamlNode value) {
    }

    record Map(Position position, List<Entry> entries) implements YamlNode {
        public Map {
            entries = List.copyOf(entries);
        }

        public Optional<Entry> entry(String key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
        }

        public Optional<YamlNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        @Override
        public String kindName() {
            return "a map";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            entries.forEach(entry -> object.set(entry.key(), entry.value().toJson()));
            return object;
        }
    }

    record Seq(Position position, List<YamlNode> items) implements YamlNode {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }

        @Override
        public ArrayNode toJson() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(item -> array.add(item.toJson()));
            return array;
        }
    }

    /** {@code text} is the scalar as written; {@code value} its typed reading (a JSON value node). */
    record Scalar(Position position, String text, JsonNode value) implements YamlNode {
        public boolean isNull() {
            return value.isNull();
        }

        @Override
        public String kindName() {
            if (value.isNull()) {
                return "nothing";
            }
            if (value.isNumber()) {
                return "a number";
            }
            if (value.isBoolean()) {
                return "a boolean";
            }
            return "a string";
        }

        @Override
        public JsonNode toJson() {
            return value;
        }
    }
}
