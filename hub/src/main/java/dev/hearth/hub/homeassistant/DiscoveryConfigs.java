package dev.hearth.hub.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.hub.config.HomeAssistantSettings;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device's Home Assistant entities, from its meta (what it declares, or what an adapter declares for it):
 * a sensor for each number (its unit, and the device class the unit says), a binary sensor for each read-only
 * boolean, a switch for an on/off command pair ({@code turn_on}/{@code turn_off}, its state the {@code power}
 * or {@code state} attribute) and for each other settable boolean, a button for each command without
 * arguments (but {@code set}); text attributes are sensors too. An attribute whose name is no plain topic level
 * ({@code [A-Za-z0-9_-]}), and an {@code object} attribute, get none; so does a device that announces itself by
 * Home Assistant discovery ({@code protocol: ha-discovery}), which Home Assistant reads directly.
 */
public final class DiscoveryConfigs {
    static final String PAYLOAD_ON = "ON";
    static final String PAYLOAD_OFF = "OFF";
    static final String PAYLOAD_PRESS = "PRESS";
    private static final String TURN_ON = "turn_on";
    private static final String TURN_OFF = "turn_off";
    private static final String SET = "set";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HaTopics topics;
    private final ObjectNode origin;

    /** @param swVersion the hub's version, which each config's origin names */
    public DiscoveryConfigs(HaTopics topics, String swVersion, Optional<String> supportUrl) {
        this.topics = topics;
        this.origin = NODES.objectNode().put("name", "Hearth").put("sw_version", swVersion);
        supportUrl.ifPresent(url -> origin.put("support_url", url));
    }

    /** The entities of the device; none when its meta does not read as a device meta. */
    public List<Entity> of(String deviceId, ObjectNode metaJson) {
        if (metaJson.path(Adapters.ORIGIN_FIELD).path("protocol").asText("").equals(Protocol.HA_DISCOVERY.configName())) {
            // it announces itself to Home Assistant, on these very topics (its node id is its Hearth id): none of ours
            return List.of();
        }
        DeviceMeta meta;
        try {
            meta = DeviceMeta.read(metaJson);
        } catch (WireJson.InvalidPayloadException e) {
            return List.of();
        }
        Device device = new Device(deviceId, nodeId(deviceId), deviceBlock(deviceId, meta, metaJson));
        List<Entity> entities = new ArrayList<>();
        Optional<String> pairState = Optional.empty();
        boolean pair = meta.command(TURN_ON).isPresent() && meta.command(TURN_OFF).isPresent();
        Map<String, Control.Channel> channels = pair ? channels(meta) : Map.of();
        if (pair) {
            pairState = pairStateAttribute(meta);
            if (pairState.isPresent() || channels.isEmpty()) {
                String object = pairState.orElse("power");
                entities.add(switchOf(device, object, pairState, new Control.CommandPair(TURN_ON, TURN_OFF)));
            }
            channels.forEach((name, channel) -> entities.add(switchOf(device, name, Optional.of(name),
                    new Control.CommandPair(TURN_ON, TURN_OFF, Optional.of(channel)))));
        }
        for (Map.Entry<String, AttributeMeta> attribute : meta.attributes().entrySet()) {
            String name = attribute.getKey();
            if (!HomeAssistantSettings.isPlainTopicLevel(name) || pairState.equals(Optional.of(name)) || channels.containsKey(name)) {
                continue;
            }
            attributeEntity(device, name, attribute.getValue(), meta).ifPresent(entities::add);
        }
        for (CommandMeta command : meta.commandDetails()) {
            // set takes the attributes to set, however a meta lists it: pressing it with nothing would do nothing
            boolean switched = command.name().equals(SET) || pair && (command.name().equals(TURN_ON) || command.name().equals(TURN_OFF));
            if (command.args().isEmpty() && !switched && HomeAssistantSettings.isPlainTopicLevel(command.name())) {
                entities.add(button(device, command.name()));
            }
        }
        return entities;
    }

    /** Home Assistant's node ids and object ids are {@code [a-zA-Z0-9_-]}: a device id's dots become '_'. */
    static String nodeId(String deviceId) {
        return deviceId.replace('.', '_');
    }

    private record Device(String id, String nodeId, ObjectNode block) {
    }

    /**
     * The numbered outputs an on/off pair switches one by one, when both its commands take one integer argument: a
     * Tasmota with several relays has power1, power2... and {@code turn_on {"relay": 2}} switches the second.
     */
    private static Map<String, Control.Channel> channels(DeviceMeta meta) {
        Optional<String> argument = meta.command(TURN_ON).filter(on -> on.args().size() == 1)
                .map(on -> on.args().entrySet().iterator().next())
                .filter(arg -> arg.getValue().type() == AttributeType.INTEGER).map(Map.Entry::getKey)
                .filter(name -> meta.command(TURN_OFF).map(off -> off.args().keySet().equals(java.util.Set.of(name))).orElse(false));
        Map<String, Control.Channel> channels = new java.util.LinkedHashMap<>();
        argument.ifPresent(name -> meta.attributes().forEach((attribute, type) -> {
            String number = attribute.startsWith("power") ? attribute.substring("power".length()) : "";
            if (type.type() == AttributeType.BOOLEAN && !number.isEmpty() && number.length() <= 2
                    && number.chars().allMatch(Character::isDigit)) {
                channels.put(attribute, new Control.Channel(name, Integer.parseInt(number)));
            }
        }));
        return channels;
    }

    private static Optional<String> pairStateAttribute(DeviceMeta meta) {
        if (meta.attribute("power").filter(power -> power.type() == AttributeType.BOOLEAN).isPresent()) {
            return Optional.of("power");
        }
        return meta.attribute("state").map(state -> "state");
    }

    private Optional<Entity> attributeEntity(Device device, String name, AttributeMeta attribute, DeviceMeta meta) {
        return switch (attribute.type()) {
            case BOOLEAN -> Optional.of(attribute.settable()
                    ? switchOf(device, name, Optional.of(name), meta.command(SET).isPresent()
                            ? new Control.SetCommand(name) : new Control.DesiredState(name))
                    : binarySensor(device, name));
            case NUMBER, INTEGER -> Optional.of(sensor(device, name, attribute.unitIfAny(), true));
            case STRING -> Optional.of(sensor(device, name, Optional.empty(), false));
            case OBJECT -> Optional.empty();
        };
    }

    private Entity sensor(Device device, String name, Optional<String> unit, boolean numeric) {
        ObjectNode config = common(device, name, "hearth_" + device.nodeId() + "_" + name);
        config.put("state_topic", HaTopics.state(device.id(), name));
        unit.ifPresent(text -> config.put("unit_of_measurement", text));
        Optional<String> deviceClass = unit.flatMap(UnitClasses::deviceClass);
        deviceClass.ifPresent(text -> config.put("device_class", text));
        if (numeric) {
            config.put("state_class", UnitClasses.stateClass(deviceClass));
        }
        return new Entity(Component.SENSOR, topics.discovery(Component.SENSOR, device.nodeId(), name), config,
                Optional.of(name), Optional.empty());
    }

    private Entity binarySensor(Device device, String name) {
        ObjectNode config = common(device, name, "hearth_" + device.nodeId() + "_" + name);
        config.put("state_topic", HaTopics.state(device.id(), name)).put("payload_on", PAYLOAD_ON).put("payload_off", PAYLOAD_OFF);
        return new Entity(Component.BINARY_SENSOR, topics.discovery(Component.BINARY_SENSOR, device.nodeId(), name), config,
                Optional.of(name), Optional.empty());
    }

    /** Without a state attribute the switch is optimistic: Home Assistant shows what it last sent. */
    private Entity switchOf(Device device, String object, Optional<String> stateAttribute, Control control) {
        ObjectNode config = common(device, object, "hearth_" + device.nodeId() + "_" + object);
        stateAttribute.ifPresent(attribute -> config.put("state_topic", HaTopics.state(device.id(), attribute)));
        config.put("command_topic", HaTopics.set(device.id(), object)).put("payload_on", PAYLOAD_ON).put("payload_off", PAYLOAD_OFF);
        return new Entity(Component.SWITCH, topics.discovery(Component.SWITCH, device.nodeId(), object), config,
                stateAttribute, Optional.of(control));
    }

    private Entity button(Device device, String command) {
        ObjectNode config = common(device, command, "hearth_" + device.nodeId() + "_command_" + command);
        config.put("command_topic", HaTopics.press(device.id(), command)).put("payload_press", PAYLOAD_PRESS);
        return new Entity(Component.BUTTON, topics.discovery(Component.BUTTON, device.nodeId(), "command_" + command), config,
                Optional.empty(), Optional.of(new Control.Press(command)));
    }

    /**
     * What every config says: its name and unique id, its device and origin, and that it is available only while
     * both the device and the hub are ({@code availability_mode: all}).
     */
    private ObjectNode common(Device device, String name, String uniqueId) {
        ObjectNode config = NODES.objectNode().put("name", name).put("unique_id", uniqueId);
        ArrayNode availability = config.putArray("availability");
        availability.addObject().put("topic", HaTopics.availability(device.id()))
                .put("payload_available", HaTopics.ONLINE).put("payload_not_available", HaTopics.OFFLINE);
        availability.addObject().put("topic", HaTopics.HUB_AVAILABILITY)
                .put("payload_available", HaTopics.ONLINE).put("payload_not_available", HaTopics.OFFLINE);
        config.put("availability_mode", "all");
        config.set("device", device.block().deepCopy());
        config.set("origin", origin.deepCopy());
        return config;
    }

    /** The device as Home Assistant lists it; one behind a bridge names the bridge as its {@code via_device}. */
    private static ObjectNode deviceBlock(String deviceId, DeviceMeta meta, ObjectNode metaJson) {
        ObjectNode block = NODES.objectNode();
        block.putArray("identifiers").add(identifier(deviceId));
        // a device that says its model and firmware itself (a Tasmota's own discovery) is named by them
        JsonNode model = metaJson.path("model");
        block.put("name", deviceId).put("model", model.isTextual() ? model.textValue() : meta.type());
        JsonNode firmware = metaJson.path("firmware");
        if (firmware.isTextual()) {
            block.put("sw_version", firmware.textValue());
        }
        JsonNode vendor = metaJson.path("vendor");
        if (vendor.isTextual()) {
            block.put("manufacturer", vendor.textValue());
        }
        JsonNode login = metaJson.path(Adapters.ORIGIN_FIELD).path("login");
        if (login.isTextual() && !login.textValue().equals(deviceId)) {
            block.put("via_device", identifier(login.textValue()));
        }
        return block;
    }

    static String identifier(String deviceId) {
        return "hearth_" + nodeId(deviceId);
    }
}
