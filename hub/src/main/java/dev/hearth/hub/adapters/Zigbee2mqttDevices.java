package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.adapters.profile.CommandRule;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.PayloadFault;
import dev.hearth.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Zigbee2MQTT's device list ({@code <base>/bridge/devices}, retained): each device's friendly
 * name, IEEE address and exposes (https://www.zigbee2mqtt.io/guide/usage/exposes.html), which give its
 * attributes (type, unit, settable when the access bits allow /set) and so which of the profile's
 * commands it has. The coordinator is the bridge's own radio, not a device.
 */
final class Zigbee2mqttDevices {
    /** Access bit 2: the property can be set with a /set command. */
    private static final int SETTABLE = 0b010;

    private Zigbee2mqttDevices() {
    }

    static List<ListedDevice> read(String topic, byte[] payload, Map<String, CommandRule> commands) throws Refusal {
        JsonNode list = parseArray(topic, payload);
        List<ListedDevice> devices = new ArrayList<>();
        for (JsonNode device : list) {
            String name = device.path("friendly_name").asText("");
            if ("Coordinator".equals(device.path("type").asText()) || name.isEmpty()) {
                continue;
            }
            JsonNode definition = device.path("definition");
            Map<String, AttributeMeta> attributes = new LinkedHashMap<>();
            definition.path("exposes").forEach(expose -> expose(expose, attributes));
            DeviceMeta.Builder meta = DeviceMeta.builder(text(definition, "model").orElse("zigbee"));
            attributes.forEach(meta::attribute);
            commands.values().forEach(command -> {
                boolean applies = command.needs().map(needed -> attributes.containsKey(needed) && attributes.get(needed).settable())
                        .orElse(attributes.values().stream().anyMatch(AttributeMeta::settable));
                if (applies) {
                    meta.command(command.name()); // arguments: set's are the device's settable attributes
                }
            });
            devices.add(new ListedDevice(name, device.path("ieee_address").asText(name), meta.build(),
                    text(definition, "vendor"), text(definition, "description")));
        }
        return devices;
    }

    /** A generic expose is one attribute; a specific one (light, switch, ...) holds its attributes as features. */
    private static void expose(JsonNode expose, Map<String, AttributeMeta> into) {
        String type = expose.path("type").asText();
        String property = expose.path("property").asText("");
        if (expose.has("features") && !"composite".equals(type) || property.isEmpty()) {
            expose.path("features").forEach(feature -> expose(feature, into));
            return;
        }
        AttributeType attributeType = switch (type) {
            case "binary" -> expose.path("value_on").isBoolean() ? AttributeType.BOOLEAN : AttributeType.STRING;
            case "numeric" -> AttributeType.NUMBER;
            case "enum", "text" -> AttributeType.STRING;
            default -> AttributeType.OBJECT; // composite (color_xy), list
        };
        boolean settable = (expose.path("access").asInt(1) & SETTABLE) != 0;
        into.put(property, new AttributeMeta(attributeType, text(expose, "unit").orElse(null), settable));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** The list is large (a whole network's exposes): the wire's 64 KiB limit for JSON does not hold it, the broker's packet limit does. */
    private static JsonNode parseArray(String topic, byte[] payload) throws Refusal {
        JsonNode node;
        try {
            node = WireJson.mapper().readTree(payload);
        } catch (java.io.IOException e) {
            throw new Refusal(PayloadFault.NOT_JSON.code(), topic + ": not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isArray()) {
            throw new Refusal(PayloadFault.NOT_OBJECT.code(), topic + ": expected the bridge's device list, a JSON array");
        }
        return node;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
