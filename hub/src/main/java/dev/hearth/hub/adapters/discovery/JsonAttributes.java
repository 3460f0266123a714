package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * An entity's {@code json_attributes_topic}: a JSON object whose top-level fields are more of its device's attributes
 * (Tasmota's RSSI and IP address, a sensor's battery), read through {@code json_attributes_template} when given.
 * Texts, numbers and booleans are kept; nested objects, lists and nulls are left out, as Hearth's state is flat.
 */
public final class JsonAttributes {
    private JsonAttributes() {
    }

    /** The attributes of one payload, by attribute name; refused when the payload (as the template reads it) is no object. */
    public static ObjectNode read(StateTopic source, byte[] payload) throws EntityValues.Unreadable {
        JsonNode read;
        try {
            read = source.template().read(payload).orElse(null);
        } catch (ValueTemplate.Unreadable e) {
            throw new EntityValues.Unreadable(source.topic() + ": json_attributes: " + e.getMessage());
        }
        if (read == null || !read.isObject()) {
            throw new EntityValues.Unreadable(source.topic() + ": json_attributes is a JSON object, not "
                    + (read == null ? "nothing" : read.toString()));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = read.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNumber() || value.isTextual() || value.isBoolean()) {
                EntityValues.attributeName(field.getKey()).ifPresent(name -> out.set(name, value));
            }
        }
        return out;
    }

    /** The meta type of a value read. */
    public static String type(JsonNode value) {
        return value.isBoolean() ? "boolean" : value.isNumber() ? "number" : "string";
    }
}
