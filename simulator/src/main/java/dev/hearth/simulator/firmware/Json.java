package dev.hearth.simulator.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.util.Optional;

/** JSON as the firmwares write and read it. */
final class Json {
    private Json() {
    }

    static ObjectNode object() {
        return WireJson.mapper().createObjectNode();
    }

    static String text(JsonNode node) {
        return node.toString();
    }

    /** Empty when the payload is no JSON object: the firmware ignores it. */
    static Optional<ObjectNode> parse(String payload) {
        try {
            JsonNode node = WireJson.mapper().readTree(payload);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
