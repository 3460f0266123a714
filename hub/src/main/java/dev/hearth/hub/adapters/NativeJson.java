package dev.hearth.hub.adapters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.PayloadFault;
import dev.hearth.wire.WireJson;
import java.io.IOException;

/**
 * A native JSON payload read with the wire's limits (size, depth, UTF-8, duplicate keys, finite
 * numbers); when it is not JSON, the refusal also says at which field the text broke, since a
 * device's JSON (a Tasmota SENSOR) is long and the user looks for the sensor at fault.
 */
final class NativeJson {
    private NativeJson() {
    }

    static ObjectNode object(String topic, byte[] payload) throws Refusal {
        try {
            return WireJson.parseObject(payload);
        } catch (WireJson.InvalidPayloadException e) {
            String where = e.fault() == PayloadFault.NOT_JSON || e.fault() == PayloadFault.DUPLICATE_KEY
                    ? brokenAt(payload) : "";
            throw new Refusal(e.fault().code(), topic + ": " + e.getMessage() + where);
        }
    }

    /** " at field ENERGY.Power", where a streaming read of the payload stops; "" at the top. */
    private static String brokenAt(byte[] payload) {
        try (JsonParser parser = WireJson.mapper().getFactory().createParser(payload)) {
            while (parser.nextToken() != null) {
                // read on until the parser fails
            }
            return "";
        } catch (IOException e) {
            return e instanceof com.fasterxml.jackson.core.JsonProcessingException failed
                    && failed.getProcessor() instanceof JsonParser parser ? path(parser) : "";
        }
    }

    private static String path(JsonParser parser) {
        JsonPointer pointer = parser.getParsingContext().pathAsPointer();
        String dotted = pointer.toString().replace('/', '.');
        if (dotted.startsWith(".")) {
            dotted = dotted.substring(1);
        }
        String name = parser.getParsingContext().getCurrentName();
        if (dotted.isEmpty() && name != null) {
            dotted = name;
        }
        return dotted.isEmpty() ? "" : " (at field " + dotted + ")";
    }
}
