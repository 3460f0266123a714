package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.CommandRefused;
import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.WireJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an entity is in Hearth: the attributes it reports (a switch {@code relay}: true/false; a light {@code lamp} and
 * {@code lamp_brightness}, in the device's own brightness scale; a cover's and a climate's in {@link CoverValues} and
 * {@link ClimateValues}), how its state topics' payloads read into them, and the canonical commands it takes
 * ({@code turn_on}, {@code turn_off}, {@code press}, {@code set}, {@code select}, {@code open}, {@code close},
 * {@code stop}, {@code set_position}, {@code set_temperature}, {@code set_mode}, each with {@code entity}, the
 * attribute, when the device has more than one entity that takes it).
 */
public final class EntityValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String BRIGHTNESS = "_brightness";
    /** The canonical commands, in the order a meta lists them. */
    static final List<String> COMMANDS = List.of("turn_on", "turn_off", "press", "set", "select", Cover.OPEN,
            Cover.CLOSE, Cover.STOP, Cover.SET_POSITION, Climate.SET_TEMPERATURE, Climate.SET_MODE);

    private EntityValues() {
    }

    /** A payload an entity cannot read; the message names the topic. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * A command as the device takes it, and the attributes whose next report confirms it; a button's press, which no
     * report confirms, is done once sent, with {@code doneWhenSent} as its result.
     */
    public record Command(String topic, byte[] payload, Set<String> confirm, Optional<JsonNode> doneWhenSent) {
        public Command {
            payload = payload.clone();
            confirm = Set.copyOf(confirm);
        }

        Command(String topic, byte[] payload, Set<String> confirm) {
            this(topic, payload, confirm, Optional.empty());
        }

        /** Confirmed by the next report of {@code confirm}; with nothing to report it (no state topic), done once sent. */
        static Command confirmedBy(String topic, String payload, Set<String> confirm, String command) {
            return new Command(topic, bytes(payload), confirm, confirm.isEmpty()
                    ? Optional.of(NODES.objectNode().put("sent", command)) : Optional.empty());
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** The attributes the entity reports into. */
    public static List<String> attributes(EntityConfig entity, String attribute) {
        return switch (entity.component()) {
            case BUTTON -> List.of();
            case LIGHT -> entity.light().brightness() ? List.of(attribute, attribute + BRIGHTNESS) : List.of(attribute);
            case COVER -> CoverValues.attributes(entity, entity.cover().orElseThrow(), attribute);
            case CLIMATE -> ClimateValues.attributes(entity.climate().orElseThrow(), attribute);
            default -> List.of(attribute);
        };
    }

    /** Every topic the entity reads a value from (not its availability): a state topic, a light's brightness, .... */
    public static List<String> stateTopics(EntityConfig entity) {
        List<String> topics = new ArrayList<>();
        entity.stateTopic().ifPresent(topics::add);
        entity.light().brightnessStateTopic().ifPresent(topics::add);
        entity.cover().flatMap(Cover::position).ifPresent(position -> topics.add(position.topic()));
        entity.climate().ifPresent(climate -> climate.stateTopics().forEach(each -> topics.add(each.topic())));
        return topics.stream().distinct().toList();
    }

    /** An attribute name from an object id or a field: letters, digits and {@code _}, each other run one {@code _}. */
    public static Optional<String> attributeName(String raw) {
        String name = raw.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return name.isEmpty() ? Optional.empty() : Optional.of(name.length() > 64 ? name.substring(0, 64) : name);
    }

    /** The entity's attributes in a device meta: their types, units, and whether a command sets them. */
    public static void describe(EntityConfig entity, String attribute, ObjectNode attributes) {
        switch (entity.component()) {
            case SENSOR -> attributes.set(attribute, attributeMeta(numeric(entity) ? "number" : "string", entity.unit(), false));
            case BINARY_SENSOR -> attributes.set(attribute, attributeMeta("boolean", Optional.empty(), false));
            case SWITCH -> attributes.set(attribute, attributeMeta("boolean", Optional.empty(), true));
            case NUMBER -> attributes.set(attribute, attributeMeta("number", entity.unit(), true));
            case SELECT -> attributes.set(attribute, attributeMeta("string", Optional.empty(), true));
            case LIGHT -> {
                attributes.set(attribute, attributeMeta("boolean", Optional.empty(), true));
                if (entity.light().brightness()) {
                    attributes.set(attribute + BRIGHTNESS, attributeMeta("integer", Optional.empty(), true));
                }
            }
            case COVER -> CoverValues.describe(entity, entity.cover().orElseThrow(), attribute, attributes);
            case CLIMATE -> ClimateValues.describe(entity.climate().orElseThrow(), attribute, attributes);
            case BUTTON -> {
                // a button has no state: only its command
            }
        }
    }

    /** The device's commands: those one of its entities takes, with their arguments. */
    public static ArrayNode commands(Collection<EntityConfig> entities) {
        ArrayNode commands = NODES.arrayNode();
        for (String name : COMMANDS) {
            if (entities.stream().noneMatch(entity -> takes(entity, name))) {
                continue;
            }
            ObjectNode args = (ObjectNode) command(commands, name).get("args");
            switch (name) {
                case "turn_on" -> {
                    if (entities.stream().anyMatch(entity -> entity.light().brightness())) {
                        args.set("brightness", attributeMeta("integer", Optional.empty(), false));
                    }
                }
                case "set" -> args.set("value", attributeMeta("number", Optional.empty(), false));
                case "select" -> args.set("option", attributeMeta("string", Optional.empty(), false));
                case Cover.SET_POSITION -> args.set("position", attributeMeta("integer", Optional.of("%"), false));
                case Climate.SET_TEMPERATURE -> args.set("temperature", attributeMeta("number", Optional.empty(), false));
                case Climate.SET_MODE -> args.set("mode", attributeMeta("string", Optional.empty(), false));
                default -> {
                    // entity only
                }
            }
        }
        return commands;
    }

    /** Whether the entity takes the canonical command, as its component and its config's topics say. */
    static boolean takes(EntityConfig entity, String command) {
        return switch (entity.component()) {
            case SWITCH, LIGHT -> command.equals("turn_on") || command.equals("turn_off");
            case BUTTON -> command.equals("press");
            case NUMBER -> command.equals("set");
            case SELECT -> command.equals("select");
            case COVER -> CoverValues.takes(entity, entity.cover().orElseThrow(), command);
            case CLIMATE -> ClimateValues.takes(entity.climate().orElseThrow(), command);
            case SENSOR, BINARY_SENSOR -> false;
        };
    }

    private static ObjectNode command(ArrayNode commands, String name) {
        ObjectNode command = commands.addObject().put("name", name);
        command.putObject("args").set("entity", attributeMeta("string", Optional.empty(), false));
        return command;
    }

    static ObjectNode attributeMeta(String type, Optional<String> unit, boolean settable) {
        ObjectNode meta = NODES.objectNode().put("type", type);
        unit.ifPresent(value -> meta.put("unit", value));
        if (settable) {
            meta.put("settable", true);
        }
        return meta;
    }

    /** A sensor with a unit or a state class measures a number; one without reports text (a Wi-Fi SSID, a version). */
    private static boolean numeric(EntityConfig entity) {
        return entity.unit().isPresent() || entity.stateClass().isPresent();
    }

    /** The payload of one of the entity's state topics ({@code topic}), read into its attributes. */
    public static ObjectNode read(EntityConfig entity, String attribute, String topic, byte[] payload) throws Unreadable {
        ObjectNode out = NODES.objectNode();
        switch (entity.component()) {
            case LIGHT -> light(entity, attribute, topic, payload, out);
            case COVER -> CoverValues.read(entity, entity.cover().orElseThrow(), attribute, topic, payload, out);
            case CLIMATE -> ClimateValues.read(entity.climate().orElseThrow(), attribute, topic, payload, out);
            default -> {
                return readValue(entity, attribute, topic, payload, out);
            }
        }
        return out;
    }

    private static ObjectNode readValue(EntityConfig entity, String attribute, String topic, byte[] payload, ObjectNode out)
            throws Unreadable {
        Optional<JsonNode> value = value(entity.valueTemplate(), topic, payload);
        if (value.isEmpty()) {
            return out;
        }
        switch (entity.component()) {
            case SENSOR -> out.set(attribute, numeric(entity) ? number(topic, value.get()) : text(value.get()));
            case NUMBER -> out.set(attribute, number(topic, value.get()));
            case SELECT -> out.put(attribute, option(topic, value.get().asText(), entity));
            case BINARY_SENSOR, SWITCH -> out.put(attribute, onOff(topic, value.get().asText(), entity));
            default -> {
                // a button reports nothing
            }
        }
        return out;
    }

    private static void light(EntityConfig entity, String attribute, String topic, byte[] payload, ObjectNode out)
            throws Unreadable {
        EntityConfig.Light light = entity.light();
        if (light.jsonSchema()) {
            JsonNode state = ConfigReader.jsonObject(payload)
                    .orElseThrow(() -> new Unreadable(topic + ": a JSON-schema light's state is a JSON object"));
            if (state.path("state").isTextual()) {
                out.put(attribute, onOff(topic, state.get("state").textValue(), entity));
            }
            if (light.brightness() && state.path("brightness").isNumber()) {
                out.put(attribute + BRIGHTNESS, state.get("brightness").asLong());
            }
            return;
        }
        if (light.brightnessStateTopic().filter(topic::equals).isPresent()) {
            Optional<JsonNode> brightness = value(light.brightnessTemplate(), topic, payload);
            if (brightness.isPresent()) {
                out.put(attribute + BRIGHTNESS, number(topic, brightness.get()).asLong());
            }
        }
        if (entity.stateTopic().filter(topic::equals).isPresent()) {
            Optional<JsonNode> state = value(entity.valueTemplate(), topic, payload);
            if (state.isPresent()) {
                out.put(attribute, onOff(topic, state.get().asText(), entity));
            }
        }
    }

    static Optional<JsonNode> value(ValueTemplate template, String topic, byte[] payload) throws Unreadable {
        try {
            return template.read(payload);
        } catch (ValueTemplate.Unreadable e) {
            throw new Unreadable(topic + ": " + e.getMessage());
        }
    }

    private static boolean onOff(String topic, String word, EntityConfig entity) throws Unreadable {
        if (word.equals(entity.stateOn())) {
            return true;
        }
        if (word.equals(entity.stateOff())) {
            return false;
        }
        throw new Unreadable(topic + ": '" + word + "' is neither '" + entity.stateOn() + "' nor '" + entity.stateOff() + "'");
    }

    static JsonNode number(String topic, JsonNode value) throws Unreadable {
        if (value.isNumber()) {
            return value;
        }
        try {
            BigDecimal number = new BigDecimal(value.asText().strip());
            return number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? NODES.numberNode(number.longValue()) : NODES.numberNode(number.doubleValue());
        } catch (NumberFormatException e) {
            // ESPHome sends "nan" for a sensor that failed to read: refused, and the last value stays
            throw new Unreadable(topic + ": '" + value.asText() + "' is not a number");
        }
    }

    private static JsonNode text(JsonNode value) {
        return value.isValueNode() ? NODES.textNode(value.asText()) : value;
    }

    /** A canonical command for one of the device's entities (by attribute), as the entity's config says to send it. */
    public static Command command(CommandRequest request, Map<String, EntityConfig> entities) throws CommandRefused {
        Map<String, EntityConfig> candidates = new LinkedHashMap<>();
        entities.forEach((attribute, entity) -> {
            if (takes(entity, request.command())) {
                candidates.put(attribute, entity);
            }
        });
        if (candidates.isEmpty()) {
            throw new CommandRefused(request.deviceId() + " has no entity that takes '" + request.command() + "'");
        }
        JsonNode named = request.args().path("entity");
        String attribute;
        if (named.isTextual()) {
            attribute = named.textValue();
            if (!candidates.containsKey(attribute)) {
                throw new CommandRefused(request.deviceId() + ": no entity '" + attribute + "' takes " + request.command()
                        + "; these do: " + candidates.keySet());
            }
        } else if (candidates.size() == 1) {
            attribute = candidates.keySet().iterator().next();
        } else {
            throw new CommandRefused(request.deviceId() + ": " + request.command() + " needs argument 'entity', one of "
                    + candidates.keySet());
        }
        EntityConfig entity = candidates.get(attribute);
        if (entity.cover().isPresent()) {
            return CoverValues.command(request, entity, entity.cover().get(), attribute);
        }
        if (entity.climate().isPresent()) {
            return ClimateValues.command(request, entity.climate().get(), attribute); // their own topics, for each command
        }
        String commandTopic = entity.commandTopic().orElseThrow();
        Set<String> confirm = entity.stateTopic().isPresent() ? Set.of(attribute) : Set.of();
        return switch (entity.component()) {
            case BUTTON -> new Command(commandTopic, bytes(entity.payloadPress()), Set.of(),
                    Optional.of(NODES.objectNode().put("pressed", attribute)));
            case NUMBER -> new Command(commandTopic, bytes(numberArgument(request, entity)), confirm);
            case SELECT -> new Command(commandTopic, bytes(optionArgument(request, entity)), confirm);
            default -> switched(request, entity, attribute, confirm);
        };
    }

    private static Command switched(CommandRequest request, EntityConfig entity, String attribute, Set<String> confirm)
            throws CommandRefused {
        boolean on = request.command().equals("turn_on");
        JsonNode brightness = request.args().path("brightness");
        EntityConfig.Light light = entity.light();
        Optional<Long> level = Optional.empty();
        if (on && !brightness.isMissingNode() && !brightness.isNull()) {
            if (!light.brightness() || !brightness.canConvertToLong() || brightness.asLong() < 0
                    || brightness.asLong() > light.brightnessScale()) {
                throw new CommandRefused(request.deviceId() + ": brightness of " + attribute + " is an integer from 0 to "
                        + light.brightnessScale() + (light.brightness() ? "" : ", and it has none") + ", got " + brightness);
            }
            level = Optional.of(brightness.asLong());
        }
        if (light.jsonSchema()) {
            ObjectNode payload = NODES.objectNode().put("state", on ? entity.payloadOn() : entity.payloadOff());
            level.ifPresent(value -> payload.put("brightness", value));
            Set<String> confirmed = new java.util.HashSet<>(confirm);
            level.ifPresent(value -> confirmed.add(attribute + BRIGHTNESS));
            return new Command(entity.commandTopic().orElseThrow(), WireJson.toBytes(payload), confirmed);
        }
        if (level.isPresent()) {
            // the default schema sets brightness on its own topic, which turns the light on (on_command_type: brightness)
            String topic = light.brightnessCommandTopic().orElseThrow(() -> new CommandRefused(request.deviceId() + ": "
                    + attribute + " has no brightness_command_topic"));
            return new Command(topic, bytes(Long.toString(level.get())),
                    light.brightnessStateTopic().isPresent() ? Set.of(attribute + BRIGHTNESS) : Set.of());
        }
        return new Command(entity.commandTopic().orElseThrow(), bytes(on ? entity.payloadOn() : entity.payloadOff()), confirm);
    }

    /** One of a select's options, as it is: anything else is refused, never sent or kept. */
    private static String option(String topic, String value, EntityConfig entity) throws Unreadable {
        if (!entity.options().contains(value)) {
            throw new Unreadable(topic + ": '" + value + "' is none of the options " + entity.options());
        }
        return value;
    }

    private static String optionArgument(CommandRequest request, EntityConfig entity) throws CommandRefused {
        JsonNode option = request.args().path("option");
        if (!option.isTextual() || !entity.options().contains(option.textValue())) {
            throw new CommandRefused(request.deviceId() + ": select needs argument 'option', one of " + entity.options()
                    + ", got " + option);
        }
        return option.textValue();
    }

    private static String numberArgument(CommandRequest request, EntityConfig entity) throws CommandRefused {
        JsonNode value = request.args().path("value");
        if (!value.isNumber()) {
            throw new CommandRefused(request.deviceId() + ": set needs argument 'value', a number, got " + value);
        }
        double number = value.doubleValue();
        if (entity.min().filter(min -> number < min).isPresent() || entity.max().filter(max -> number > max).isPresent()) {
            throw new CommandRefused(request.deviceId() + ": " + value + " is outside the entity's range ("
                    + entity.min().map(min -> "min " + min).orElse("") + " " + entity.max().map(max -> "max " + max).orElse("")
                    + ")");
        }
        return value.isIntegralNumber() ? value.asText() : numberText(number);
    }

    /** A number as a device reads it: {@code 21}, {@code 21.5}, never {@code 2.15E+1}. */
    static String numberText(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
