package dev.hearth.hub.storage;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON text of a value, for a text column. Scalars are written without a JsonGenerator:
 * history rows are mostly numbers, and a generator per row ({@code JsonNode.toString()}) was
 * half of the storage writer's time under load.
 */
final class JsonText {
    private JsonText() {
    }

    static String of(JsonNode value) {
        if (value.isTextual()) {
            return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value.textValue())) + '"';
        }
        if (value.isIntegralNumber() || value.isBoolean() || value.isNull()
                || value.isFloatingPointNumber() && !value.isBigDecimal() && Double.isFinite(value.doubleValue())) {
            return value.asText();
        }
        return value.toString(); // objects, arrays, big decimals: let Jackson decide
    }
}
