package dev.hearth.simulator.scenario;

import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.device.AttributeSpec;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.DeviceKind;
import dev.hearth.simulator.device.EspHomeNode;
import dev.hearth.simulator.device.ZigbeeMotionSensor;
import dev.hearth.simulator.firmware.EspHomeFirmware;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.ShellyFirmware;
import dev.hearth.simulator.firmware.TasmotaFirmware;
import dev.hearth.simulator.firmware.Zigbee2mqttFirmware;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One entry of a scenario's {@code devices:}: its id, kind and password, and what that kind takes. */
final class DeviceParser {
    private static final Map<DeviceKind, List<String>> ATTRIBUTES = Map.of(
            DeviceKind.THERMOSTAT, List.of("temperature", "target"),
            DeviceKind.MOTION_SENSOR, List.of("motion"),
            DeviceKind.DOOR_CONTACT, List.of("contact"),
            DeviceKind.ZIGBEE2MQTT_MOTION_SENSOR, ZigbeeMotionSensor.ATTRIBUTES,
            DeviceKind.ESPHOME_NODE, EspHomeNode.ATTRIBUTES);

    private final NodeReader read;
    private final BehaviourParser behaviours;
    /** Every id declared so far, also of devices that failed to load: a step naming one is not a second error. */
    private final Set<String> declared = new LinkedHashSet<>();

    DeviceParser(NodeReader read, BehaviourParser behaviours) {
        this.read = read;
        this.behaviours = behaviours;
    }

    /** In the order the file declares them. */
    Set<String> declaredIds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(declared));
    }

    Optional<DeviceSpec> device(YamlNode node) {
        Optional<YamlNode.Map> device = read.mapping(node, "a device", null);
        if (device.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Map map = device.get();
        Optional<String> id = read.required(map, "id").flatMap(this::id);
        Optional<DeviceKind> kind = read.required(map, "kind").flatMap(this::kind);
        Optional<String> password = read.required(map, "password").flatMap(value -> read.text(value, "password"));
        if (id.isEmpty() || kind.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        String what = "a " + kind.get().wire();
        return switch (kind.get()) {
            case BED -> {
                read.allowedKeys(map, what, List.of("id", "kind", "password"));
                yield Optional.of(new DeviceSpec.BedSpec(id.get(), password.get()));
            }
            case COFFEE_MACHINE -> {
                read.allowedKeys(map, what, List.of("id", "kind", "password", "brew-time"));
                Optional<Duration> brewTime = map.get("brew-time").isPresent() ? map.get("brew-time").flatMap(read::duration)
                        : Optional.of(CoffeeMachine.DEFAULT_BREW_TIME);
                yield brewTime.map(time -> new DeviceSpec.CoffeeMachineSpec(id.get(), password.get(), time));
            }
            case THERMOSTAT, MOTION_SENSOR, DOOR_CONTACT -> {
                read.allowedKeys(map, what, List.of("id", "kind", "password", "attributes"));
                yield builtInBehaviours(map, id.get(), kind.get())
                        .map(given -> new DeviceSpec.BehaviourSpec(kind.get(), id.get(), password.get(), given));
            }
            case GENERIC -> generic(map, id.get(), password.get());
            case TASMOTA_PLUG, SHELLY_PLUS_1, ESPHOME_NODE, ZIGBEE2MQTT_MOTION_SENSOR, ZIGBEE2MQTT_BULB ->
                    nativeDevice(map, id.get(), kind.get(), password.get());
        };
    }

    /**
     * A native device: its MQTT user ({@code user}, its id when left out; a Zigbee device's {@code bridge}, the bridge's
     * login) and its native topic ({@code topic}: Tasmota's Topic, Shelly's prefix, ESPHome's node name; its id when
     * left out; a Zigbee device's {@code name}, its friendly name, under {@code base-topic}).
     */
    private Optional<DeviceSpec> nativeDevice(YamlNode.Map map, String id, DeviceKind kind, String password) {
        boolean zigbee = kind == DeviceKind.ZIGBEE2MQTT_MOTION_SENSOR || kind == DeviceKind.ZIGBEE2MQTT_BULB;
        List<String> keys = new ArrayList<>(List.of("id", "kind", "password"));
        keys.addAll(zigbee ? List.of("bridge", "base-topic", "name") : List.of("user", "topic"));
        if (kind == DeviceKind.TASMOTA_PLUG) {
            keys.add("tele-period");
        }
        if (ATTRIBUTES.containsKey(kind)) {
            keys.add("attributes");
        }
        read.allowedKeys(map, "a " + kind.wire(), keys);
        Optional<String> user = zigbee ? read.required(map, "bridge").flatMap(value -> read.text(value, "bridge"))
                : optionalText(map, "user", id);
        Optional<String> topic = optionalText(map, zigbee ? "name" : "topic", id);
        Optional<String> baseTopic = optionalText(map, "base-topic", "zigbee2mqtt");
        Optional<Duration> telePeriod = map.get("tele-period").isPresent() ? map.get("tele-period").flatMap(read::duration)
                : Optional.of(TasmotaFirmware.DEFAULT_TELE_PERIOD);
        Optional<Map<String, Behaviour>> given = ATTRIBUTES.containsKey(kind) ? builtInBehaviours(map, id, kind) : Optional.of(Map.of());
        if (user.isEmpty() || topic.isEmpty() || baseTopic.isEmpty() || telePeriod.isEmpty() || given.isEmpty()) {
            return Optional.empty();
        }
        Firmware firmware = switch (kind) {
            case TASMOTA_PLUG -> new TasmotaFirmware(user.get(), topic.get(), TasmotaFirmware.macOf(topic.get()), telePeriod.get(), 60);
            case SHELLY_PLUS_1 -> new ShellyFirmware(user.get(), topic.get());
            case ESPHOME_NODE -> new EspHomeFirmware(user.get(), topic.get(), EspHomeFirmware.macOf(topic.get()));
            case ZIGBEE2MQTT_MOTION_SENSOR -> new Zigbee2mqttFirmware(user.get(), baseTopic.get(), topic.get(),
                    Zigbee2mqttFirmware.Model.MOTION_SENSOR);
            default -> new Zigbee2mqttFirmware(user.get(), baseTopic.get(), topic.get(), Zigbee2mqttFirmware.Model.BULB);
        };
        return Optional.of(new DeviceSpec.NativeSpec(kind, id, password, firmware, given.get()));
    }

    private Optional<String> optionalText(YamlNode.Map map, String key, String fallback) {
        return map.get(key).isPresent() ? map.get(key).flatMap(value -> read.text(value, key)) : Optional.of(fallback);
    }

    private Optional<String> id(YamlNode node) {
        Optional<String> id = read.text(node, "id");
        if (id.isPresent() && !DeviceIds.isValid(id.get())) {
            read.problems().add(node.position(), "invalid device id '" + id.get() + "': use 1-64 letters, digits, '_', '-' or '.'");
            return Optional.empty();
        }
        if (id.isPresent() && !declared.add(id.get())) {
            read.problems().add(node.position(), "duplicate device id '" + id.get() + "'");
            return Optional.empty();
        }
        return id;
    }

    private Optional<DeviceKind> kind(YamlNode node) {
        Optional<String> name = read.text(node, "kind");
        Optional<DeviceKind> kind = name.flatMap(DeviceKind::fromWire);
        if (name.isPresent() && kind.isEmpty()) {
            read.problems().add(node.position(), "unknown kind '" + name.get() + "', expected one of: " + DeviceKind.names());
        }
        return kind;
    }

    /** The behaviours a built-in kind's entry gives, for attributes that kind has. */
    private Optional<Map<String, Behaviour>> builtInBehaviours(YamlNode.Map device, String id, DeviceKind kind) {
        Optional<YamlNode> attributes = device.get("attributes");
        if (attributes.isEmpty()) {
            return Optional.of(Map.of());
        }
        Optional<YamlNode.Map> map = read.mapping(attributes.get(), "attributes", null);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        List<String> known = ATTRIBUTES.get(kind);
        Map<String, Behaviour> given = new LinkedHashMap<>();
        boolean valid = true;
        for (YamlNode.Entry attribute : map.get().entries()) {
            if (!known.contains(attribute.key())) {
                read.problems().add(attribute.keyPosition(), "a " + kind.wire() + " has no attribute '" + attribute.key()
                        + "', expected one of: " + String.join(", ", known));
                valid = false;
                continue;
            }
            Optional<Behaviour> behaviour = read.mapping(attribute.value(), "attribute '" + attribute.key() + "'", BehaviourParser.BEHAVIOURS)
                    .flatMap(body -> behaviours.behaviour(body, id, attribute.key()));
            behaviour.ifPresent(value -> given.put(attribute.key(), value));
            valid &= behaviour.isPresent();
        }
        return valid ? Optional.of(given) : Optional.empty();
    }

    private Optional<DeviceSpec> generic(YamlNode.Map node, String id, String password) {
        read.allowedKeys(node, "a generic", List.of("id", "kind", "password", "type", "attributes", "commands"));
        Optional<String> type = node.get("type").isPresent() ? node.get("type").flatMap(value -> read.text(value, "type"))
                : Optional.of(DeviceKind.GENERIC.wire());
        Optional<List<AttributeSpec>> attributes = read.required(node, "attributes")
                .flatMap(value -> read.mapping(value, "attributes", null))
                .flatMap(map -> genericAttributes(map, id));
        Optional<List<CommandMeta>> commands = node.get("commands").isPresent()
                ? node.get("commands").flatMap(this::commands) : Optional.of(List.of());
        if (type.isEmpty() || attributes.isEmpty() || commands.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceSpec.GenericSpec(id, password, type.get(), attributes.get(), commands.get()));
    }

    private Optional<List<AttributeSpec>> genericAttributes(YamlNode.Map attributes, String id) {
        List<String> allowed = new ArrayList<>(List.of("type", "unit", "settable"));
        allowed.addAll(BehaviourParser.BEHAVIOURS);
        List<AttributeSpec> specs = new ArrayList<>();
        boolean valid = true;
        for (YamlNode.Entry attribute : attributes.entries()) {
            Optional<YamlNode.Map> body = read.mapping(attribute.value(), "attribute '" + attribute.key() + "'", allowed);
            if (body.isEmpty()) {
                valid = false;
                continue;
            }
            Optional<AttributeType> type = read.required(body.get(), "type").flatMap(this::attributeType);
            Optional<Boolean> settable = body.get().get("settable").isPresent()
                    ? body.get().get("settable").flatMap(value -> read.bool(value, "settable")) : Optional.of(false);
            Optional<Optional<String>> unit = unit(body.get());
            Optional<Behaviour> behaviour = behaviours.behaviour(body.get(), id, attribute.key());
            if (type.isPresent() && settable.isPresent() && unit.isPresent() && behaviour.isPresent()) {
                specs.add(new AttributeSpec(attribute.key(), type.get(), unit.get(), behaviour.get(), settable.get()));
            } else {
                valid = false;
            }
        }
        return valid ? Optional.of(specs) : Optional.empty();
    }

    private Optional<List<CommandMeta>> commands(YamlNode node) {
        Optional<List<YamlNode>> items = read.list(node, "commands");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<CommandMeta> commands = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean valid = true;
        for (YamlNode item : items.get()) {
            Optional<CommandMeta> declared = command(item);
            if (declared.isPresent() && !names.add(declared.get().name())) {
                read.problems().add(item.position(), "command '" + declared.get().name() + "' is declared twice");
                valid = false;
            } else if (declared.isPresent()) {
                commands.add(declared.get());
            } else {
                valid = false;
            }
        }
        return valid ? Optional.of(commands) : Optional.empty();
    }

    /** {@code ventilate}, or {@code { name: ventilate, args: { level: { type: integer, unit: '%' } } }}. */
    private Optional<CommandMeta> command(YamlNode node) {
        if (node instanceof YamlNode.Scalar) {
            return read.commandName(node, "commands").map(CommandMeta::of);
        }
        Optional<YamlNode.Map> command = read.mapping(node, "a command", List.of("name", "args"));
        Optional<String> name = command.flatMap(map -> read.required(map, "name")).flatMap(value -> read.commandName(value, "name"));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<YamlNode> argsNode = command.get().get("args");
        if (argsNode.isEmpty()) {
            return Optional.of(CommandMeta.of(name.get(), Map.of()));
        }
        return read.mapping(argsNode.get(), "the args of command '" + name.get() + "'", null)
                .flatMap(this::arguments).map(args -> CommandMeta.of(name.get(), args));
    }

    private Optional<Map<String, AttributeMeta>> arguments(YamlNode.Map argsNode) {
        Map<String, AttributeMeta> args = new LinkedHashMap<>();
        boolean valid = true;
        for (YamlNode.Entry arg : argsNode.entries()) {
            Optional<YamlNode.Map> body = read.mapping(arg.value(), "argument '" + arg.key() + "'", List.of("type", "unit"));
            Optional<AttributeType> type = body.flatMap(map -> read.required(map, "type")).flatMap(this::attributeType);
            Optional<Optional<String>> unit = body.flatMap(this::unit);
            if (type.isPresent() && unit.isPresent()) {
                args.put(arg.key(), AttributeMeta.of(type.get(), unit.get().orElse(null)));
            } else {
                valid = false;
            }
        }
        return valid ? Optional.of(args) : Optional.empty();
    }

    /** Empty after a problem; present and empty when no unit is given. */
    private Optional<Optional<String>> unit(YamlNode.Map body) {
        Optional<YamlNode> unit = body.get("unit");
        return unit.isEmpty() ? Optional.of(Optional.empty()) : read.text(unit.get(), "unit").map(Optional::of);
    }

    private Optional<AttributeType> attributeType(YamlNode node) {
        Optional<String> text = read.text(node, "type");
        Optional<AttributeType> type = text.flatMap(name -> Arrays.stream(AttributeType.values())
                .filter(t -> t.wire().equals(name)).findFirst());
        if (text.isPresent() && type.isEmpty()) {
            read.problems().add(node.position(), "unknown attribute type '" + text.get() + "', expected one of: "
                    + Arrays.stream(AttributeType.values()).map(AttributeType::wire).collect(Collectors.joining(", ")));
        }
        return type;
    }
}
