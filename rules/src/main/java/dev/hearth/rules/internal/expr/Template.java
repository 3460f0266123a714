package dev.hearth.rules.internal.expr;

import dev.hearth.rules.CelValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text with CEL inside {@code ${...}}. A text that is exactly one {@code ${expr}} yields the
 * expression's value with its type (a number stays a number); otherwise the parts are joined as text.
 */
public final class Template {
    private Template() {
    }

    /** A piece of a template: literal text, or an expression with its offset in the text. */
    public record Part(String text, boolean expression, int offset) {
    }

    public static boolean isTemplate(String text) {
        return text.contains("${");
    }

    /** The parts, or throws {@link IllegalArgumentException} with the offset of an unclosed {@code ${}. */
    public static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("${", at);
            if (open < 0) {
                parts.add(new Part(text.substring(at), false, at));
                break;
            }
            if (open > at) {
                parts.add(new Part(text.substring(at, open), false, at));
            }
            int close = closing(text, open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'${' at offset " + open + " is not closed by '}'");
            }
            parts.add(new Part(text.substring(open + 2, close), true, open + 2));
            at = close + 1;
        }
        return parts;
    }

    /** The '}' that closes, skipping braces of CEL map literals and quoted strings. */
    private static int closing(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int index = from; index < text.length(); index++) {
            char c = text.charAt(index);
            if (quote != 0) {
                if (c == '\\') {
                    index++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return index;
                }
                depth--;
            }
        }
        return -1;
    }

    /** The template's value as JSON. */
    public static JsonNode render(String text, Map<String, ?> variables) {
        List<Part> parts = parse(text);
        if (parts.size() == 1 && parts.get(0).expression()) {
            return CelValues.toJson(Expressions.evaluate(parts.get(0).text(), variables));
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.expression()) {
                JsonNode value = CelValues.toJson(Expressions.evaluate(part.text(), variables));
                out.append(value.isTextual() ? value.asText() : value.toString());
            } else {
                out.append(part.text());
            }
        }
        return JsonNodeFactory.instance.textNode(out.toString());
    }

    /** A copy of the JSON value with every template text rendered. */
    public static JsonNode renderAll(JsonNode value, Map<String, ?> variables) {
        if (value.isTextual() && isTemplate(value.asText())) {
            return render(value.asText(), variables);
        }
        if (value instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(entry -> copy.set(entry.getKey(), renderAll(entry.getValue(), variables)));
            return copy;
        }
        if (value instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(renderAll(item, variables)));
            return copy;
        }
        return value;
    }
}
