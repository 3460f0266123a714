package dev.hearth.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a device meta from JSON by hand, so that every refusal names the field at fault
 * ({@code commands[0].args.cups.type: unknown attribute type 'colour', …}). Unknown fields are
 * ignored at every level, so a newer device can talk to an older reader.
 */
final class MetaReader {
    private static final String ARG_SHAPE = "an object of argument name to {\"type\": …}";

    private MetaReader() {
    }

    static DeviceMeta device(JsonNode node) throws WireJson.InvalidPayloadException {
        requireObject(node, "", "a JSON object");
        JsonNode typeNode = node.get("type");
        if (absent(typeNode)) {
            throw fail("type", "missing: a device meta names the device type");
        }
        String type = text(typeNode, "type");
        if (type.isBlank()) {
            throw fail("type", "blank: a device meta names the device type");
        }

        Map<String, AttributeMeta> attributes = new LinkedHashMap<>();
        JsonNode attributesNode = node.get("attributes");
        if (!absent(attributesNode)) {
            requireObject(attributesNode, "attributes", "an object of attribute name to {\"type\": …}");
            for (Map.Entry<String, JsonNode> field : attributesNode.properties()) {
                String path = "attributes." + field.getKey();
                if (field.getKey().isBlank()) {
                    throw fail(path, "an attribute needs a name");
                }
                attributes.put(field.getKey(), attribute(field.getValue(), path));
            }
        }

        List<CommandMeta> commands = new ArrayList<>();
        JsonNode commandsNode = node.get("commands");
        if (!absent(commandsNode)) {
            if (!commandsNode.isArray()) {
                throw fail("commands", "expected an array of command names or {\"name\": …} objects, got " + kind(commandsNode));
            }
            for (int i = 0; i < commandsNode.size(); i++) {
                CommandMeta command = command(commandsNode.get(i), "commands[" + i + "]");
                if (commands.stream().anyMatch(c -> c.name().equals(command.name()))) {
                    throw fail("commands[" + i + "]", "command '" + command.name() + "' is declared twice");
                }
                commands.add(command);
            }
        }
        try {
            return new DeviceMeta(type, attributes, commands);
        } catch (IllegalArgumentException e) { // not expected after the checks above; still say what
            throw new WireJson.InvalidPayloadException(PayloadFault.INVALID_META, e.getMessage());
        }
    }

    static AttributeMeta attribute(JsonNode node, String path) throws WireJson.InvalidPayloadException {
        requireObject(node, path, "an object such as {\"type\": \"number\"}");
        JsonNode typeNode = node.get("type");
        String typePath = join(path, "type");
        if (absent(typeNode)) {
            throw fail(typePath, "missing: " + AttributeType.expected());
        }
        AttributeType type;
        try {
            type = AttributeType.fromWire(text(typeNode, typePath));
        } catch (IllegalArgumentException e) {
            throw fail(typePath, e.getMessage());
        }
        JsonNode unitNode = node.get("unit");
        String unit = absent(unitNode) ? null : text(unitNode, join(path, "unit"));
        JsonNode settableNode = node.get("settable");
        if (!absent(settableNode) && !settableNode.isBoolean()) {
            throw fail(join(path, "settable"), "expected true or false, got " + kind(settableNode));
        }
        return new AttributeMeta(type, unit, !absent(settableNode) && settableNode.booleanValue());
    }

    static CommandMeta command(JsonNode node, String path) throws WireJson.InvalidPayloadException {
        if (node != null && node.isTextual()) { // the form before commands had arguments
            return newCommand(node.textValue(), Map.of(), path);
        }
        if (node == null || !node.isObject()) {
            throw fail(path, "expected a command name or an object with \"name\", got " + kind(node));
        }
        JsonNode nameNode = node.get("name");
        if (absent(nameNode)) {
            throw fail(join(path, "name"), "missing: a command has a name");
        }
        String name = text(nameNode, join(path, "name"));
        Map<String, AttributeMeta> args = new LinkedHashMap<>();
        JsonNode argsNode = node.get("args");
        String argsPath = join(path, "args");
        if (!absent(argsNode)) {
            requireObject(argsNode, argsPath, ARG_SHAPE);
            for (Map.Entry<String, JsonNode> field : argsNode.properties()) {
                String argPath = argsPath + "." + field.getKey();
                if (field.getKey().isBlank()) {
                    throw fail(argPath, "an argument needs a name");
                }
                args.put(field.getKey(), attribute(field.getValue(), argPath));
            }
        }
        return newCommand(name, args, join(path, "name"));
    }

    private static CommandMeta newCommand(String name, Map<String, AttributeMeta> args, String path)
            throws WireJson.InvalidPayloadException {
        try {
            return new CommandMeta(name, args);
        } catch (IllegalArgumentException e) {
            throw fail(path, e.getMessage());
        }
    }

    /** For Jackson creators, which want an unchecked exception. */
    static <T> T unchecked(Read<T> read) {
        try {
            return read.read();
        } catch (WireJson.InvalidPayloadException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    interface Read<T> {
        T read() throws WireJson.InvalidPayloadException;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static void requireObject(JsonNode node, String path, String expected) throws WireJson.InvalidPayloadException {
        if (node == null || !node.isObject()) {
            throw fail(path, "expected " + expected + ", got " + kind(node));
        }
    }

    private static String text(JsonNode node, String path) throws WireJson.InvalidPayloadException {
        if (!node.isTextual()) {
            throw fail(path, "expected a string, got " + kind(node));
        }
        return node.textValue();
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static WireJson.InvalidPayloadException fail(String path, String problem) {
        return new WireJson.InvalidPayloadException(PayloadFault.INVALID_META, path.isEmpty() ? problem : path + ": " + problem);
    }
}
