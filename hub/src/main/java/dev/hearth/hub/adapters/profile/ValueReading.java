package dev.hearth.hub.adapters.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;

/**
 * How a profile reads one native value into a Hearth value. Native devices write {@code ON},
 * {@code 1}, {@code true} or {@code "21.5"} where a Hearth device writes JSON of the right type,
 * so each field says which reading it wants; a value the reading cannot take is refused with the
 * field's name, never guessed.
 */
public sealed interface ValueReading {
    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** {@code payload}: the whole message (a JSON object, or the text of a plain payload), for expressions. */
    JsonNode read(JsonNode value, JsonNode payload) throws InvalidValue;

    /** The value as the device sent it (JSON keeps its types; a plain payload is text). */
    record AsIs() implements ValueReading {
        @Override
        public JsonNode read(JsonNode value, JsonNode payload) {
            return value;
        }
    }

    /** A number, also written as text ({@code "21.5"}); anything else is refused. */
    record Number() implements ValueReading {
        @Override
        public JsonNode read(JsonNode value, JsonNode payload) throws InvalidValue {
            if (value.isNumber()) {
                return value;
            }
            if (value.isTextual()) {
                JsonNode number = parse(value.textValue().strip());
                if (number != null) {
                    return number;
                }
            }
            throw new InvalidValue("expected a number, got " + shown(value));
        }
    }

    /**
     * A measurement of a sensor: a number, also written as text; a value that is no number (a
     * sensor's text such as a start time or a switch's {@code ON}) is kept as it is, since one odd
     * field must not lose the whole report's numbers.
     */
    record Measurement() implements ValueReading {
        @Override
        public JsonNode read(JsonNode value, JsonNode payload) {
            if (value.isTextual()) {
                JsonNode number = parse(value.textValue().strip());
                return number == null ? value : number;
            }
            return value;
        }
    }

    /**
     * A boolean from words, compared without case: e.g. Tasmota's {@code switch} reads {@code ON},
     * {@code 1} and {@code true} as true. {@code name} is how the profile calls it, for messages.
     */
    record Words(String name, List<String> on, List<String> off) implements ValueReading {
        public Words {
            on = on.stream().map(ValueReading::folded).distinct().toList();
            off = off.stream().map(ValueReading::folded).distinct().toList();
            if (on.stream().anyMatch(off::contains)) {
                throw new IllegalArgumentException("a word cannot mean both true and false");
            }
        }

        @Override
        public JsonNode read(JsonNode value, JsonNode payload) throws InvalidValue {
            String word = folded(value.isTextual() ? value.textValue().strip() : value.asText());
            if (value.isValueNode() && !value.isNull()) {
                if (on.contains(word)) {
                    return NODES.booleanNode(true);
                }
                if (off.contains(word)) {
                    return NODES.booleanNode(false);
                }
            }
            throw new InvalidValue("expected " + name + " (" + String.join("/", on) + " or " + String.join("/", off)
                    + "), got " + shown(value));
        }
    }

    /** A CEL expression over {@code value} (and {@code payload}), e.g. {@code value.Signal}: its result as it is. */
    record Expr(ValueExpression expression) implements ValueReading {
        @Override
        public JsonNode read(JsonNode value, JsonNode payload) throws InvalidValue {
            return expression.evaluate(value, payload);
        }
    }

    private static String folded(String word) {
        return word.toLowerCase(java.util.Locale.ROOT);
    }

    /** Numbers as Hearth devices write them: whole ones as integers, so 21 and "21" are the same value. */
    private static JsonNode parse(String text) {
        if (text.isEmpty() || text.length() > 40) {
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(text);
            if (number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                long whole = number.longValueExact();
                return whole == (int) whole ? NODES.numberNode((int) whole) : NODES.numberNode(whole);
            }
            double real = number.doubleValue();
            return Double.isFinite(real) ? NODES.numberNode(real) : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    public static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
