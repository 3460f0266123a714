package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one Home Assistant MQTT discovery config ({@code <prefix>/<component>/<node_id>/<object_id>/config}, JSON):
 * expands the abbreviations devices send to save bytes ({@code stat_t}, {@code cmd_t}, {@code dev: {ids}}, ...),
 * replaces the base topic {@code ~} at the start or end of a topic, fills in Home Assistant's defaults, and checks
 * that every topic it names is the login's own: a device never makes the hub read or write another's topics.
 */
public final class ConfigReader {
    /** Home Assistant's abbreviations (homeassistant/components/mqtt/abbreviations.py) of the fields Hearth reads. */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("avty", "availability"), Map.entry("avty_mode", "availability_mode"),
            Map.entry("avty_t", "availability_topic"), Map.entry("avty_tpl", "availability_template"),
            Map.entry("bri_cmd_t", "brightness_command_topic"), Map.entry("bri_cmd_tpl", "brightness_command_template"),
            Map.entry("bri_scl", "brightness_scale"), Map.entry("bri_stat_t", "brightness_state_topic"),
            Map.entry("bri_val_tpl", "brightness_value_template"), Map.entry("cmd_t", "command_topic"),
            Map.entry("cmd_tpl", "command_template"), Map.entry("dev", "device"), Map.entry("dev_cla", "device_class"),
            Map.entry("json_attr_t", "json_attributes_topic"), Map.entry("json_attr_tpl", "json_attributes_template"),
            Map.entry("obj_id", "object_id"), Map.entry("ops", "options"), Map.entry("pl_avail", "payload_available"),
            Map.entry("pl_not_avail", "payload_not_available"), Map.entry("pl_on", "payload_on"),
            Map.entry("pl_off", "payload_off"), Map.entry("pl_prs", "payload_press"), Map.entry("stat_t", "state_topic"),
            Map.entry("stat_on", "state_on"), Map.entry("stat_off", "state_off"),
            Map.entry("stat_val_tpl", "state_value_template"), Map.entry("uniq_id", "unique_id"),
            Map.entry("unit_of_meas", "unit_of_measurement"), Map.entry("val_tpl", "value_template"),
            Map.entry("stat_cla", "state_class"), Map.entry("ent_cat", "entity_category"),
            // cover
            Map.entry("pl_open", "payload_open"), Map.entry("pl_cls", "payload_close"), Map.entry("pl_stop", "payload_stop"),
            Map.entry("stat_open", "state_open"), Map.entry("stat_clsd", "state_closed"),
            Map.entry("stat_opening", "state_opening"), Map.entry("stat_closing", "state_closing"),
            Map.entry("stat_stopped", "state_stopped"), Map.entry("pos_t", "position_topic"),
            Map.entry("pos_tpl", "position_template"), Map.entry("pos_open", "position_open"),
            Map.entry("pos_clsd", "position_closed"), Map.entry("set_pos_t", "set_position_topic"),
            Map.entry("set_pos_tpl", "set_position_template"),
            // climate
            Map.entry("curr_temp_t", "current_temperature_topic"), Map.entry("curr_temp_tpl", "current_temperature_template"),
            Map.entry("temp_cmd_t", "temperature_command_topic"), Map.entry("temp_cmd_tpl", "temperature_command_template"),
            Map.entry("temp_stat_t", "temperature_state_topic"), Map.entry("temp_stat_tpl", "temperature_state_template"),
            Map.entry("mode_cmd_t", "mode_command_topic"), Map.entry("mode_cmd_tpl", "mode_command_template"),
            Map.entry("mode_stat_t", "mode_state_topic"), Map.entry("mode_stat_tpl", "mode_state_template"),
            Map.entry("act_t", "action_topic"), Map.entry("act_tpl", "action_template"),
            Map.entry("temp_unit", "temperature_unit"));
    private static final Map<String, String> DEVICE_ABBREVIATIONS = Map.of(
            "ids", "identifiers", "mf", "manufacturer", "mdl", "model", "cns", "connections", "sw", "sw_version",
            "hw", "hw_version", "sa", "suggested_area", "cu", "configuration_url");
    private static final Map<String, String> AVAILABILITY_ABBREVIATIONS = Map.of(
            "t", "topic", "pl_avail", "payload_available", "pl_not_avail", "payload_not_available", "val_tpl", "value_template");
    /** Templates that shape what the hub sends: Hearth sends the plain payloads and refuses a config that wants more. */
    private static final List<String> COMMAND_TEMPLATES = List.of("command_template", "brightness_command_template",
            "set_position_template", "temperature_command_template", "mode_command_template");

    private ConfigReader() {
    }

    /**
     * @param configTopic the topic it came on, for messages
     * @param ownTopic    whether a topic is the login's to use
     */
    public static EntityConfig read(String configTopic, String componentName, String objectId, byte[] payload,
                                    Predicate<String> ownTopic) throws ConfigRefused {
        Component component = Component.fromWire(componentName).orElseThrow(() -> new ConfigRefused(
                ConfigRefused.UNKNOWN_COMPONENT, configTopic + ": component '" + componentName + "' is not read by Hearth"
                + " (it reads sensor, binary_sensor, switch, light, button, number, select, cover, climate)"));
        ObjectNode config = expanded(configTopic, payload);
        checkTopics(configTopic, config, ownTopic);
        for (String field : COMMAND_TEMPLATES) {
            if (config.hasNonNull(field)) {
                throw new ConfigRefused(ConfigRefused.TEMPLATE_NOT_UNDERSTOOD, configTopic + ": " + field
                        + " is not rendered by Hearth, which sends the plain payloads (payload_on, the number)");
            }
        }
        String payloadOn = text(config, "payload_on", "ON");
        String payloadOff = text(config, "payload_off", "OFF");
        EntityConfig entity = new EntityConfig(component, text(config, "object_id", objectId),
                optionalText(config, "name"), optionalText(config, "state_topic"), optionalText(config, "command_topic"),
                template(configTopic, config, component == Component.LIGHT ? "state_value_template" : "value_template"),
                payloadOn, payloadOff, text(config, "state_on", payloadOn), text(config, "state_off", payloadOff),
                text(config, "payload_press", "PRESS"), optionalText(config, "unit_of_measurement"),
                optionalText(config, "state_class"),
                availability(configTopic, config), text(config, "availability_mode", "latest"),
                device(configTopic, config.path("device")), light(configTopic, component, config),
                number(config, "min"), number(config, "max"), texts(config.path("options")),
                component == Component.COVER ? Optional.of(Cover.read(configTopic, config)) : Optional.empty(),
                component == Component.CLIMATE ? Optional.of(Climate.read(configTopic, config)) : Optional.empty(),
                jsonAttributes(configTopic, config));
        require(configTopic, entity);
        return entity;
    }

    /** The payload as a JSON object, if it is one (a config, a JSON-schema light's state). */
    static Optional<ObjectNode> jsonObject(byte[] payload) {
        try {
            JsonNode parsed = WireJson.mapper().readTree(payload);
            return parsed != null && parsed.isObject() ? Optional.of((ObjectNode) parsed) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode expanded(String configTopic, byte[] payload) throws ConfigRefused {
        ObjectNode config = expand(jsonObject(payload).orElseThrow(() -> new ConfigRefused(ConfigRefused.NOT_JSON,
                configTopic + ": a discovery config is a JSON object")), ABBREVIATIONS);
        if (config.path("device").isObject()) {
            config.set("device", expand((ObjectNode) config.get("device"), DEVICE_ABBREVIATIONS));
        }
        String base = config.path("~").isTextual() ? config.path("~").textValue() : null;
        if (config.path("availability").isArray()) {
            List<JsonNode> entries = new ArrayList<>();
            for (JsonNode entry : config.get("availability")) {
                if (!entry.isObject()) {
                    throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": availability lists objects");
                }
                entries.add(withBase(expand((ObjectNode) entry, AVAILABILITY_ABBREVIATIONS), base));
            }
            config.putArray("availability").addAll(entries);
        }
        return withBase(config, base);
    }

    private static ObjectNode expand(ObjectNode node, Map<String, String> abbreviations) {
        ObjectNode out = WireJson.mapper().createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.set(abbreviations.getOrDefault(field.getKey(), field.getKey()), field.getValue());
        }
        return out;
    }

    /** Home Assistant's base topic: a topic field starting or ending with {@code ~} has the {@code ~} replaced by it. */
    private static ObjectNode withBase(ObjectNode node, String base) {
        if (base == null) {
            return node;
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = node.get(name);
            if ((name.endsWith("_topic") || name.equals("topic")) && value.isTextual()) {
                String topic = value.textValue();
                if (topic.startsWith("~")) {
                    node.put(name, base + topic.substring(1));
                } else if (topic.endsWith("~")) {
                    node.put(name, topic.substring(0, topic.length() - 1) + base);
                }
            }
        }
        return node;
    }

    /** Every topic the config names, those Hearth does not read too: none may be outside the login's tree. */
    private static void checkTopics(String configTopic, ObjectNode config, Predicate<String> ownTopic) throws ConfigRefused {
        Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith("_topic")) {
                checkTopic(configTopic, field.getKey(), field.getValue(), ownTopic);
            }
        }
        for (JsonNode entry : config.path("availability")) {
            checkTopic(configTopic, "availability[].topic", entry.path("topic"), ownTopic);
        }
    }

    private static void checkTopic(String configTopic, String field, JsonNode topic, Predicate<String> ownTopic)
            throws ConfigRefused {
        if (!topic.isTextual() || topic.textValue().isEmpty()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": " + field + " is no topic: " + topic);
        }
        String name = topic.textValue();
        if (name.contains("+") || name.contains("#") || !ownTopic.test(name)) {
            throw new ConfigRefused(ConfigRefused.TOPIC_NOT_ALLOWED, configTopic + ": " + field + " '" + name
                    + "' is outside the login's own topics; the config is not obeyed");
        }
    }

    private static List<AvailabilityTopic> availability(String configTopic, ObjectNode config) throws ConfigRefused {
        String online = text(config, "payload_available", "online");
        String offline = text(config, "payload_not_available", "offline");
        List<AvailabilityTopic> topics = new ArrayList<>();
        if (config.path("availability_topic").isTextual()) {
            topics.add(new AvailabilityTopic(config.get("availability_topic").textValue(), online, offline,
                    template(configTopic, config, "availability_template")));
        }
        for (JsonNode entry : config.path("availability")) {
            topics.add(new AvailabilityTopic(entry.path("topic").textValue(), text(entry, "payload_available", "online"),
                    text(entry, "payload_not_available", "offline"), template(configTopic, entry, "value_template")));
        }
        return topics;
    }

    private static Optional<DeviceInfo> device(String configTopic, JsonNode device) throws ConfigRefused {
        if (!device.isObject()) {
            return Optional.empty();
        }
        List<String> identifiers = new ArrayList<>();
        JsonNode ids = device.path("identifiers");
        if (ids.isValueNode() && !ids.asText().isEmpty()) {
            identifiers.add(ids.asText()); // ESPHome sends one identifier as a plain string
        }
        ids.forEach(id -> {
            if (id.isValueNode() && !id.asText().isEmpty()) {
                identifiers.add(id.asText());
            }
        });
        device.path("connections").forEach(connection -> {
            if (connection.isArray() && connection.size() == 2) {
                identifiers.add(connection.get(0).asText() + ":" + connection.get(1).asText());
            }
        });
        if (identifiers.isEmpty()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": device needs identifiers or connections");
        }
        return Optional.of(new DeviceInfo(identifiers, optionalText(device, "name"), optionalText(device, "manufacturer"),
                optionalText(device, "model")));
    }

    private static EntityConfig.Light light(String configTopic, Component component, ObjectNode config) throws ConfigRefused {
        if (component != Component.LIGHT) {
            return EntityConfig.Light.NONE;
        }
        boolean json = text(config, "schema", "default").equals("json");
        Optional<String> brightnessState = optionalText(config, "brightness_state_topic");
        Optional<String> brightnessCommand = optionalText(config, "brightness_command_topic");
        boolean brightness = json ? config.path("brightness").asBoolean(false)
                || config.path("supported_color_modes").toString().contains("brightness")
                : brightnessState.isPresent() || brightnessCommand.isPresent();
        int scale = config.path("brightness_scale").asInt(255);
        if (scale < 1) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": brightness_scale is at least 1");
        }
        return new EntityConfig.Light(json, brightness, brightnessState, brightnessCommand,
                template(configTopic, config, "brightness_value_template"), scale);
    }

    private static Optional<StateTopic> jsonAttributes(String configTopic, ObjectNode config) throws ConfigRefused {
        Optional<String> topic = optionalText(config, "json_attributes_topic");
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        ValueTemplate template = template(configTopic, config, "json_attributes_template");
        return Optional.of(new StateTopic(topic.get(), template.equals(ValueTemplate.VALUE) ? ValueTemplate.JSON : template));
    }

    /** What each component needs to be read or commanded. */
    private static void require(String configTopic, EntityConfig entity) throws ConfigRefused {
        boolean needsState = switch (entity.component()) {
            case SENSOR, BINARY_SENSOR -> true;
            default -> false;
        };
        boolean needsCommand = switch (entity.component()) {
            case SWITCH, LIGHT, BUTTON, NUMBER, SELECT -> true;
            default -> false;
        };
        if (needsState && entity.stateTopic().isEmpty()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": a " + entity.component().wire()
                    + " needs state_topic");
        }
        if (needsCommand && entity.commandTopic().isEmpty()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": a " + entity.component().wire()
                    + " needs command_topic");
        }
        boolean topicsOptional = entity.component() == Component.COVER || entity.component() == Component.CLIMATE;
        if (topicsOptional && EntityValues.stateTopics(entity).isEmpty() && EntityValues.COMMANDS.stream().noneMatch(
                command -> EntityValues.takes(entity, command))) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": a " + entity.component().wire()
                    + " needs a topic to read or command (" + (entity.component() == Component.COVER
                    ? "state_topic, position_topic, command_topic, set_position_topic"
                    : "mode_state_topic, current_temperature_topic, temperature_command_topic, ...") + ")");
        }
        if (entity.component() == Component.SELECT && entity.options().isEmpty()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": a select needs options, a list of texts");
        }
        if (!List.of("latest", "all", "any").contains(entity.availabilityMode())) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": availability_mode is latest, all or any, not '"
                    + entity.availabilityMode() + "'");
        }
    }

    static ValueTemplate template(String configTopic, JsonNode config, String field) throws ConfigRefused {
        JsonNode template = config.path(field);
        if (!template.isTextual()) {
            return ValueTemplate.VALUE;
        }
        try {
            return ValueTemplate.parse(template.textValue());
        } catch (ValueTemplate.NotUnderstood e) {
            throw new ConfigRefused(ConfigRefused.TEMPLATE_NOT_UNDERSTOOD, configTopic + ": " + field + ": " + e.getMessage());
        }
    }

    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : fallback;
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** A list of texts (a select's options, a climate's modes); none when it is no list of texts. */
    static List<String> texts(JsonNode options) {
        List<String> out = new ArrayList<>();
        for (JsonNode option : options) {
            if (!option.isTextual()) {
                return List.of();
            }
            out.add(option.textValue());
        }
        return options.isArray() ? out : List.of();
    }

    private static Optional<Double> number(JsonNode node, String field) {
        return node.path(field).isNumber() ? Optional.of(node.get(field).doubleValue()) : Optional.empty();
    }
}
