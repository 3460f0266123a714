package dev.hearth.hub.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.util.Optional;

/**
 * Request bodies are parsed here, once, so that bad input is a 400 that says what is wrong and
 * where. With the wire's mapper: a key twice in an object is refused (STRICT_DUPLICATE_DETECTION).
 */
final class JsonBody {
    private JsonBody() {
    }

    /** A JSON object; an empty body is an empty object. */
    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = WireJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            // a broken limit (nesting depth, number length) has no location
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new BadRequest("the body is not valid JSON" + position + ": " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new BadRequest("the body must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        try {
            WireJson.requireFiniteNumbers(node); // command arguments go on to devices: the same rule as on the wire
        } catch (WireJson.InvalidPayloadException e) {
            throw new BadRequest("the body has " + e.getMessage());
        }
        return (ObjectNode) node;
    }

    static String requiredText(ObjectNode body, String field) {
        return optionalText(body, field).orElseThrow(() -> new BadRequest("field '" + field + "' is required (a string)"));
    }

    static Optional<String> optionalText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new BadRequest("field '" + field + "' must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return Optional.of(value.asText());
    }

    /** Becomes a 400 problem response. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
