package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values to and from the Java values CEL works with (Long, Double, String, Boolean, List, Map):
 * the rules' expressions and the hub's adapter profiles convert the same way.
 */
public final class CelValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CelValues() {
    }

    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(fromJson(item)));
            return items;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(entry -> map.put(entry.getKey(), fromJson(entry.getValue())));
        return map;
    }

    public static JsonNode toJson(Object value) {
        if (value == null || value instanceof dev.cel.common.values.NullValue) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Long number) {
            // As the YAML reader does: small whole numbers are ints, so equal JSON compares equal.
            return number == number.intValue() ? NODES.numberNode(number.intValue()) : NODES.numberNode(number);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.doubleValue());
        }
        if (value instanceof JsonNode json) {
            return json;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), toJson(item)));
            return object;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        return NODES.textNode(String.valueOf(value));
    }
}
