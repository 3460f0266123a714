package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML tree that remembers where each value and key starts, so that the loader can point at
 * the exact line and column of what is wrong (Jackson's own tree forgets locations). Public for
 * the simulator's other inputs (the load credentials file); not an API for the hub.
 */
public final class YamlNode {
    public enum Shape { MAPPING, SEQUENCE, SCALAR }

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Shape shape;
    private final int line;
    private final int column;
    private final Map<String, YamlNode> fields;
    private final Map<String, YamlNode> keys; // the key's own position, as a scalar node
    private final List<YamlNode> items;
    private final JsonNode scalar;

    private YamlNode(Shape shape, JsonLocation at, Map<String, YamlNode> fields, Map<String, YamlNode> keys,
            List<YamlNode> items, JsonNode scalar) {
        this.shape = shape;
        this.line = at.getLineNr();
        this.column = at.getColumnNr();
        this.fields = fields;
        this.keys = keys;
        this.items = items;
        this.scalar = scalar;
    }

    /** Parses the first document; empty when the text holds none. */
    public static Optional<YamlNode> parse(String source, String text) throws ScenarioLoadException {
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            return Optional.of(read(source, parser));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
            throw new ScenarioLoadException(source, at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr(),
                    "not valid YAML: " + headline(why));
        } catch (IOException e) {
            throw new ScenarioLoadException(source, 1, 1, "cannot read: " + e.getMessage());
        }
    }

    /** SnakeYAML's message without its snippet and position lines (indented), which we already give. */
    private static String headline(String message) {
        String kept = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::trim).collect(java.util.stream.Collectors.joining(": "));
        return kept.isEmpty() ? message.trim() : kept;
    }

    private static YamlNode read(String source, JsonParser p) throws IOException, ScenarioLoadException {
        JsonLocation at = p.currentTokenLocation();
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> fields = new LinkedHashMap<>();
                Map<String, YamlNode> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    YamlNode key = new YamlNode(Shape.SCALAR, p.currentTokenLocation(), Map.of(), Map.of(), List.of(), NODES.textNode(name));
                    if (keys.containsKey(name)) {
                        throw key.error(source, "duplicate key '" + name + "' (first at line " + keys.get(name).line + ")");
                    }
                    p.nextToken();
                    keys.put(name, key);
                    fields.put(name, read(source, p));
                }
                return new YamlNode(Shape.MAPPING, at, Collections.unmodifiableMap(fields), Collections.unmodifiableMap(keys), List.of(), null);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(source, p));
                }
                return new YamlNode(Shape.SEQUENCE, at, Map.of(), Map.of(), List.copyOf(items), null);
            }
            case VALUE_STRING -> {
                return scalar(at, NODES.textNode(p.getText()));
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return scalar(at, p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? NODES.numberNode(p.getDecimalValue())
                        : token == JsonToken.VALUE_NUMBER_FLOAT ? NODES.numberNode(p.getDoubleValue())
                        : p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue()).canConvertToInt() ? NODES.numberNode(p.getIntValue())
                        : NODES.numberNode(p.getLongValue()));
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return scalar(at, NODES.booleanNode(token == JsonToken.VALUE_TRUE));
            }
            case VALUE_NULL -> {
                return scalar(at, NODES.nullNode());
            }
            default -> throw new ScenarioLoadException(source, at.getLineNr(), at.getColumnNr(), "unexpected YAML " + token);
        }
    }

    private static YamlNode scalar(JsonLocation at, JsonNode value) {
        return new YamlNode(Shape.SCALAR, at, Map.of(), Map.of(), List.of(), value);
    }

    public Shape shape() {
        return shape;
    }

    public boolean isMapping() {
        return shape == Shape.MAPPING;
    }

    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** The keys in file order, each as a node located where the key is written. */
    public Map<String, YamlNode> keys() {
        return keys;
    }

    public List<YamlNode> items() {
        return items;
    }

    /** A scalar's value as text; null for null. */
    public String text() {
        return scalar == null || scalar.isNull() ? null : scalar.asText();
    }

    /** Plain JSON, locations dropped. */
    public JsonNode toJson() {
        return switch (shape) {
            case MAPPING -> {
                ObjectNode o = NODES.objectNode();
                fields.forEach((k, v) -> o.set(k, v.toJson()));
                yield o;
            }
            case SEQUENCE -> {
                ArrayNode a = NODES.arrayNode();
                items.forEach(i -> a.add(i.toJson()));
                yield a;
            }
            case SCALAR -> scalar;
        };
    }

    public String describe() {
        return switch (shape) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            case SCALAR -> scalar.isNull() ? "nothing" : "'" + scalar.asText() + "'";
        };
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public ScenarioLoadException error(String source, String problem) {
        return new ScenarioLoadException(source, line, column, problem);
    }
}
