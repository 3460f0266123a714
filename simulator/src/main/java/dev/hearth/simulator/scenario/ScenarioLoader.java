package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.behaviour.Sample;
import dev.hearth.simulator.device.AttributeSpec;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.DeviceKind;
import dev.hearth.simulator.device.OfflineMode;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a scenario YAML file into a typed {@link Scenario}, once, at the edge. Every error names
 * {@code file:line:col} and what is wrong there. Replay files (CSV) are read here too, relative
 * to the scenario's folder.
 */
public final class ScenarioLoader {
    private static final List<String> ROOT_KEYS = List.of("name", "description", "seed", "start", "zone", "devices", "steps");
    private static final List<String> STEP_ACTIONS = List.of("report", "offline", "online", "restart", "malformed", "expect");
    private static final List<String> BEHAVIOURS = List.of("constant", "random-walk", "replay", "scripted");
    private static final Map<DeviceKind, List<String>> ATTRIBUTES = Map.of(
            DeviceKind.THERMOSTAT, List.of("temperature", "target"),
            DeviceKind.MOTION_SENSOR, List.of("motion"),
            DeviceKind.DOOR_CONTACT, List.of("contact"));

    public Scenario load(Path file) throws ScenarioLoadException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioLoadException(file.toString(), 1, 1, "cannot read the file: " + e.getMessage());
        }
        Path folder = file.toAbsolutePath().getParent();
        return new Reading(file.toString(), folder == null ? Path.of("") : folder).scenario(text);
    }

    /** {@code source} names the text in error messages, usually its file name; replay files are looked up from the working directory. */
    public Scenario parse(String source, String yaml) throws ScenarioLoadException {
        return new Reading(source, Path.of("")).scenario(yaml);
    }

    /** One load: carries the source name so errors can say where. */
    private static final class Reading {
        private final String source;
        private final Path folder;
        private final Map<String, DeviceSpec> devices = new LinkedHashMap<>();
        private long seed = Scenario.DEFAULT_SEED;

        Reading(String source, Path folder) {
            this.source = source;
            this.folder = folder;
        }

        Scenario scenario(String yaml) throws ScenarioLoadException {
            YamlNode root = YamlNode.parse(source, yaml)
                    .orElseThrow(() -> new ScenarioLoadException(source, 1, 1, "empty scenario: expected name, devices and steps"));
            mapping(root, "a scenario", ROOT_KEYS);
            String name = text(required(root, "name"), "name");
            if (root.get("seed").isPresent()) {
                seed = integer(root.get("seed").get(), "seed");
            }
            Optional<ZonedDateTime> start = start(root);
            for (YamlNode device : list(required(root, "devices"), "devices")) {
                DeviceSpec spec = device(device);
                devices.put(spec.id(), spec);
            }
            if (devices.isEmpty()) {
                throw root.get("devices").orElseThrow().error(source, "a scenario needs at least one device");
            }
            List<Step> steps = new ArrayList<>();
            Duration previous = Duration.ZERO;
            for (YamlNode node : list(required(root, "steps"), "steps")) {
                Step step = step(node, previous);
                previous = step.at();
                steps.add(step);
            }
            return new Scenario(name, List.copyOf(devices.values()), steps, seed, start);
        }

        /** {@code start: "2026-01-05T06:00:00"} in {@code zone} (UTC unless given), or with its own offset or zone. */
        private Optional<ZonedDateTime> start(YamlNode root) throws ScenarioLoadException {
            ZoneId zone = ZoneOffset.UTC;
            Optional<YamlNode> zoneNode = root.get("zone");
            if (zoneNode.isPresent()) {
                String text = text(zoneNode.get(), "zone");
                try {
                    zone = ZoneId.of(text);
                } catch (DateTimeException e) {
                    throw zoneNode.get().error(source, "unknown zone '" + text + "': use a region like Europe/Paris, or UTC");
                }
            }
            Optional<YamlNode> startNode = root.get("start");
            if (startNode.isEmpty()) {
                if (zoneNode.isPresent()) {
                    throw zoneNode.get().error(source, "'zone' needs a 'start' time");
                }
                return Optional.empty();
            }
            String text = text(startNode.get(), "start");
            try {
                return Optional.of(LocalDateTime.parse(text).atZone(zone));
            } catch (DateTimeException notLocal) {
                try {
                    return Optional.of(ZonedDateTime.parse(text).withZoneSameInstant(zoneNode.isPresent() ? zone : ZonedDateTime.parse(text).getZone()));
                } catch (DateTimeException e) {
                    throw startNode.get().error(source, "bad start '" + text + "': use a date and time like 2026-01-05T06:00:00");
                }
            }
        }

        private DeviceSpec device(YamlNode node) throws ScenarioLoadException {
            mapping(node, "a device", null);
            YamlNode idNode = required(node, "id");
            String id = text(idNode, "id");
            if (!DeviceIds.isValid(id)) {
                throw idNode.error(source, "invalid device id '" + id + "': use 1-64 letters, digits, '_', '-' or '.'");
            }
            if (devices.containsKey(id)) {
                throw idNode.error(source, "duplicate device id '" + id + "'");
            }
            YamlNode kindNode = required(node, "kind");
            String kindName = text(kindNode, "kind");
            DeviceKind kind = DeviceKind.fromWire(kindName).orElseThrow(() -> kindNode.error(source,
                    "unknown kind '" + kindName + "', expected one of: " + DeviceKind.names()));
            String password = text(required(node, "password"), "password");
            String what = "a " + kind.wire();
            return switch (kind) {
                case BED -> {
                    allowedKeys(node, what, List.of("id", "kind", "password"));
                    yield new DeviceSpec.BedSpec(id, password);
                }
                case COFFEE_MACHINE -> {
                    allowedKeys(node, what, List.of("id", "kind", "password", "brew-time"));
                    Optional<YamlNode> brewTime = node.get("brew-time");
                    yield new DeviceSpec.CoffeeMachineSpec(id, password,
                            brewTime.isPresent() ? duration(brewTime.get()) : CoffeeMachine.DEFAULT_BREW_TIME);
                }
                case THERMOSTAT, MOTION_SENSOR, DOOR_CONTACT -> {
                    allowedKeys(node, what, List.of("id", "kind", "password", "attributes"));
                    yield new DeviceSpec.BehaviourSpec(kind, id, password, behaviours(node, id, kind));
                }
                case GENERIC -> generic(node, id, password);
            };
        }

        /** The behaviours a built-in kind's scenario entry gives, for attributes that kind has. */
        private Map<String, Behaviour> behaviours(YamlNode device, String id, DeviceKind kind) throws ScenarioLoadException {
            Map<String, Behaviour> behaviours = new LinkedHashMap<>();
            Optional<YamlNode> attributes = device.get("attributes");
            if (attributes.isEmpty()) {
                return behaviours;
            }
            mapping(attributes.get(), "attributes", null);
            List<String> known = ATTRIBUTES.get(kind);
            for (Map.Entry<String, YamlNode> key : attributes.get().keys().entrySet()) {
                if (!known.contains(key.getKey())) {
                    throw key.getValue().error(source, "a " + kind.wire() + " has no attribute '" + key.getKey()
                            + "', expected one of: " + String.join(", ", known));
                }
                YamlNode body = attributes.get().get(key.getKey()).orElseThrow();
                mapping(body, "attribute '" + key.getKey() + "'", BEHAVIOURS);
                behaviours.put(key.getKey(), behaviour(body, id, key.getKey()));
            }
            return behaviours;
        }

        private DeviceSpec generic(YamlNode node, String id, String password) throws ScenarioLoadException {
            allowedKeys(node, "a generic", List.of("id", "kind", "password", "type", "attributes", "commands"));
            String type = node.get("type").isPresent() ? text(node.get("type").get(), "type") : DeviceKind.GENERIC.wire();
            List<AttributeSpec> attributes = new ArrayList<>();
            YamlNode attributesNode = required(node, "attributes");
            mapping(attributesNode, "attributes", null);
            List<String> allowed = new ArrayList<>(List.of("type", "unit", "settable"));
            allowed.addAll(BEHAVIOURS);
            for (Map.Entry<String, YamlNode> key : attributesNode.keys().entrySet()) {
                YamlNode body = attributesNode.get(key.getKey()).orElseThrow();
                mapping(body, "attribute '" + key.getKey() + "'", allowed);
                AttributeType attributeType = attributeType(required(body, "type"));
                boolean settable = body.get("settable").isPresent() && bool(body.get("settable").get(), "settable");
                attributes.add(new AttributeSpec(key.getKey(), attributeType, unit(body), behaviour(body, id, key.getKey()), settable));
            }
            List<CommandMeta> commands = new ArrayList<>();
            Set<String> names = new HashSet<>();
            if (node.get("commands").isPresent()) {
                for (YamlNode command : list(node.get("commands").get(), "commands")) {
                    CommandMeta declared = command(command);
                    if (!names.add(declared.name())) {
                        throw command.error(source, "command '" + declared.name() + "' is declared twice");
                    }
                    commands.add(declared);
                }
            }
            return new DeviceSpec.GenericSpec(id, password, type, attributes, commands);
        }

        /** {@code ventilate}, or {@code { name: ventilate, args: { level: { type: integer, unit: '%' } } }}. */
        private CommandMeta command(YamlNode node) throws ScenarioLoadException {
            if (node.shape() == YamlNode.Shape.SCALAR) {
                return CommandMeta.of(commandName(node, "commands"));
            }
            mapping(node, "a command", List.of("name", "args"));
            String name = commandName(required(node, "name"), "name");
            Map<String, AttributeMeta> args = new LinkedHashMap<>();
            if (node.get("args").isPresent()) {
                YamlNode argsNode = node.get("args").get();
                mapping(argsNode, "the args of command '" + name + "'", null);
                for (String arg : argsNode.keys().keySet()) {
                    YamlNode body = argsNode.get(arg).orElseThrow();
                    mapping(body, "argument '" + arg + "'", List.of("type", "unit"));
                    args.put(arg, AttributeMeta.of(attributeType(required(body, "type")), unit(body).orElse(null)));
                }
            }
            return CommandMeta.of(name, args);
        }

        private Optional<String> unit(YamlNode body) throws ScenarioLoadException {
            return body.get("unit").isPresent() ? Optional.of(text(body.get("unit").get(), "unit")) : Optional.empty();
        }

        private boolean bool(YamlNode node, String key) throws ScenarioLoadException {
            JsonNode value = node.toJson();
            if (value == null || !value.isBoolean()) {
                throw node.error(source, "'" + key + "' should be true or false, got " + node.describe());
            }
            return value.booleanValue();
        }

        private AttributeType attributeType(YamlNode node) throws ScenarioLoadException {
            String text = text(node, "type");
            return Arrays.stream(AttributeType.values()).filter(t -> t.wire().equals(text)).findFirst()
                    .orElseThrow(() -> node.error(source, "unknown attribute type '" + text + "', expected one of: "
                            + Arrays.stream(AttributeType.values()).map(AttributeType::wire).collect(Collectors.joining(", "))));
        }

        /** Exactly one of constant, random-walk, replay, scripted. */
        private Behaviour behaviour(YamlNode body, String device, String attribute) throws ScenarioLoadException {
            List<String> given = body.keys().keySet().stream().filter(BEHAVIOURS::contains).toList();
            if (given.isEmpty()) {
                throw body.error(source, "attribute '" + attribute + "' needs one of: " + String.join(", ", BEHAVIOURS));
            }
            if (given.size() > 1) {
                throw body.keys().get(given.get(1)).error(source, "attribute '" + attribute + "' has one behaviour: found both '"
                        + given.get(0) + "' and '" + given.get(1) + "'");
            }
            YamlNode node = body.get(given.get(0)).orElseThrow();
            return switch (given.get(0)) {
                case "constant" -> {
                    if (node.isMapping() || node.shape() == YamlNode.Shape.SEQUENCE || node.text() == null) {
                        throw node.error(source, "a constant is one value, got " + node.describe());
                    }
                    yield new Behaviour.Constant(node.toJson());
                }
                case "random-walk" -> randomWalk(node, device, attribute);
                case "replay" -> replay(node);
                default -> new Behaviour.Scripted(samples(node));
            };
        }

        private Behaviour.RandomWalk randomWalk(YamlNode node, String device, String attribute) throws ScenarioLoadException {
            mapping(node, "random-walk", List.of("start", "min", "max", "step", "every", "seed"));
            double min = number(required(node, "min"), "min");
            double max = number(required(node, "max"), "max");
            YamlNode startNode = required(node, "start");
            double start = number(startNode, "start");
            if (min > max) {
                throw node.get("max").orElseThrow().error(source, "max " + max + " is below min " + min);
            }
            if (start < min || start > max) {
                throw startNode.error(source, "start " + start + " is outside [" + min + ", " + max + "]");
            }
            YamlNode stepNode = required(node, "step");
            double step = number(stepNode, "step");
            if (!(step > 0)) {
                throw stepNode.error(source, "step must be positive, got " + step);
            }
            YamlNode everyNode = required(node, "every");
            Duration every = duration(everyNode);
            if (every.isZero()) {
                throw everyNode.error(source, "every must be longer than 0s");
            }
            // Each attribute gets its own stream, so adding a device does not change the others' walks.
            long walkSeed = node.get("seed").isPresent() ? integer(node.get("seed").get(), "seed")
                    : seed * 1_000_003L + (device + "." + attribute).hashCode();
            return new Behaviour.RandomWalk(start, min, max, step, every, walkSeed);
        }

        private Behaviour.Replay replay(YamlNode node) throws ScenarioLoadException {
            YamlNode fileNode = node;
            if (node.isMapping()) {
                mapping(node, "replay", List.of("file"));
                fileNode = required(node, "file");
            }
            String file = text(fileNode, "file");
            Path path = folder.resolve(file);
            String text;
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                throw fileNode.error(source, "replay file '" + file + "' not found (looked for " + path.toAbsolutePath() + ")");
            } catch (IOException e) {
                throw fileNode.error(source, "cannot read replay file '" + path + "': " + e.getMessage());
            }
            return new Behaviour.Replay(file, CsvSamples.parse(path.toString(), text));
        }

        private List<Sample> samples(YamlNode node) throws ScenarioLoadException {
            List<Sample> samples = new ArrayList<>();
            Duration previous = Duration.ZERO;
            for (YamlNode item : list(node, "scripted")) {
                mapping(item, "a scripted value", List.of("at", "value"));
                YamlNode atNode = required(item, "at");
                Duration at = duration(atNode);
                if (at.compareTo(previous) < 0) {
                    throw atNode.error(source, "values go in time order: " + Durations.format(at) + " comes after " + Durations.format(previous));
                }
                previous = at;
                samples.add(new Sample(at, required(item, "value").toJson()));
            }
            if (samples.isEmpty()) {
                throw node.error(source, "'scripted' needs at least one value");
            }
            return samples;
        }

        private Step step(YamlNode node, Duration previous) throws ScenarioLoadException {
            mapping(node, "a step", null);
            List<String> actions = node.keys().keySet().stream().filter(STEP_ACTIONS::contains).toList();
            for (Map.Entry<String, YamlNode> key : node.keys().entrySet()) {
                if (!key.getKey().equals("at") && !STEP_ACTIONS.contains(key.getKey())) {
                    throw key.getValue().error(source, "unknown key '" + key.getKey() + "' in a step, expected one of: at, "
                            + String.join(", ", STEP_ACTIONS));
                }
            }
            if (actions.size() > 1) {
                throw node.keys().get(actions.get(1)).error(source,
                        "a step does one thing: found both '" + actions.get(0) + "' and '" + actions.get(1) + "'");
            }
            String action = actions.isEmpty() ? null : actions.get(0);
            Optional<YamlNode> body = action == null ? Optional.empty() : node.get(action);
            // An exact expectation may carry its time itself: `- expect: { ..., at: 30s }`.
            Optional<YamlNode> innerAt = "expect".equals(action) && body.get().isMapping() ? body.get().get("at") : Optional.empty();
            if (innerAt.isPresent() && node.get("at").isPresent()) {
                throw body.get().keys().get("at").error(source, "give the time once: 'at' on the step or in 'expect', not both");
            }
            YamlNode atNode = innerAt.isPresent() ? innerAt.get() : required(node, "at");
            Duration at = duration(atNode);
            if (at.compareTo(previous) < 0) {
                throw atNode.error(source, "steps go in time order: " + Durations.format(at) + " comes after "
                        + Durations.format(previous));
            }
            if (action == null) {
                throw node.error(source, "a step needs one of: " + String.join(", ", STEP_ACTIONS));
            }
            YamlNode b = body.get();
            return switch (action) {
                case "report" -> report(at, b);
                case "offline" -> offline(at, b);
                case "online" -> {
                    mapping(b, "online", List.of("device"));
                    yield new Step.ComeOnline(at, knownDevice(required(b, "device")));
                }
                case "restart" -> {
                    mapping(b, "restart", List.of("device"));
                    yield new Step.Restart(at, knownDevice(required(b, "device")));
                }
                case "malformed" -> malformed(at, b);
                default -> expect(at, b, innerAt.isPresent());
            };
        }

        private Step.Report report(Duration at, YamlNode node) throws ScenarioLoadException {
            mapping(node, "report", List.of("device", "state"));
            String device = knownDevice(required(node, "device"));
            YamlNode state = required(node, "state");
            mapping(state, "state", null);
            return new Step.Report(at, device, (ObjectNode) state.toJson());
        }

        private Step.GoOffline offline(Duration at, YamlNode node) throws ScenarioLoadException {
            mapping(node, "offline", List.of("device", "how"));
            String device = knownDevice(required(node, "device"));
            OfflineMode how = OfflineMode.DROP;
            if (node.get("how").isPresent()) {
                YamlNode howNode = node.get("how").get();
                String text = text(howNode, "how");
                how = switch (text) {
                    case "drop" -> OfflineMode.DROP;
                    case "close" -> OfflineMode.CLOSE;
                    default -> throw howNode.error(source, "unknown 'how' '" + text + "', expected drop (the connection dies) or close (the device says goodbye)");
                };
            }
            return new Step.GoOffline(at, device, how);
        }

        private Step.Malformed malformed(Duration at, YamlNode node) throws ScenarioLoadException {
            mapping(node, "malformed", List.of("device", "topic-kind", "payload"));
            String device = knownDevice(required(node, "device"));
            YamlNode kindNode = required(node, "topic-kind");
            String kindText = text(kindNode, "topic-kind");
            List<TopicKind> kinds = Arrays.stream(TopicKind.values()).filter(k -> k != TopicKind.COMMAND).toList();
            TopicKind kind = kinds.stream().filter(k -> k.segment().equals(kindText)).findFirst()
                    .orElseThrow(() -> kindNode.error(source, "unknown topic-kind '" + kindText + "', expected one of: "
                            + kinds.stream().map(TopicKind::segment).collect(Collectors.joining(", "))));
            YamlNode payload = required(node, "payload");
            if (payload.shape() != YamlNode.Shape.SCALAR || payload.text() == null) {
                throw payload.error(source, "'payload' should be the text to send, got " + payload.describe());
            }
            return new Step.Malformed(at, device, kind, payload.text());
        }

        private Step.Expectation expect(Duration at, YamlNode node, boolean exact) throws ScenarioLoadException {
            mapping(node, "expect", null);
            Duration within = Duration.ZERO;
            if (!exact) {
                within = duration(node.get("within").orElseThrow(() ->
                        node.error(source, "missing key 'within' (or 'at', for an exact time)")));
            } else if (node.get("within").isPresent()) {
                throw node.keys().get("within").error(source, "an expectation has 'within' or an exact 'at', not both");
            }
            if (node.get("receives").isPresent()) {
                mapping(node, "expect", List.of("device", "receives", "args", "within", "at"));
                String device = knownDevice(required(node, "device"));
                String command = commandName(node.get("receives").get(), "receives");
                Optional<ObjectNode> args = Optional.empty();
                if (node.get("args").isPresent()) {
                    YamlNode argsNode = node.get("args").get();
                    mapping(argsNode, "args", null);
                    args = Optional.of((ObjectNode) argsNode.toJson());
                }
                return new Step.ExpectCommand(at, device, command, args, within, exact);
            }
            if (node.get("state").isPresent()) {
                mapping(node, "expect", List.of("device", "state", "equals", "within", "at"));
                String device = knownDevice(required(node, "device"));
                String attribute = text(node.get("state").get(), "state");
                return new Step.ExpectState(at, device, attribute, required(node, "equals").toJson(), within, exact);
            }
            if (node.get("api").isPresent()) {
                mapping(node, "expect", List.of("api", "pointer", "equals", "within", "at"));
                YamlNode pathNode = node.get("api").get();
                String path = text(pathNode, "api");
                if (!path.startsWith("/")) {
                    throw pathNode.error(source, "'api' is a path on the hub, like /api/devices/coffee-1");
                }
                YamlNode pointerNode = required(node, "pointer");
                String pointer = text(pointerNode, "pointer");
                if (!pointer.startsWith("/")) {
                    throw pointerNode.error(source, "'pointer' is a JSON pointer, like /state/status");
                }
                return new Step.ExpectApi(at, path, pointer, required(node, "equals").toJson(), within, exact);
            }
            throw node.error(source, "expect needs one of: receives (a command), state (a device's state), api (the hub's API)");
        }

        private String commandName(YamlNode node, String key) throws ScenarioLoadException {
            String command = text(node, key);
            if (!Topics.isValidCommandName(command)) {
                throw node.error(source, "invalid command name '" + command + "': use 1-64 letters, digits, '_', '-' or '.'");
            }
            return command;
        }

        private String knownDevice(YamlNode node) throws ScenarioLoadException {
            String id = text(node, "device");
            if (!devices.containsKey(id)) {
                throw node.error(source, "unknown device '" + id + "', expected one of: " + String.join(", ", devices.keySet()));
            }
            return id;
        }

        private Duration duration(YamlNode node) throws ScenarioLoadException {
            String text = node.shape() == YamlNode.Shape.SCALAR ? node.text() : null;
            return Durations.parse(text).orElseThrow(() -> node.error(source, "bad duration " + node.describe() + ": " + Durations.HINT));
        }

        private double number(YamlNode node, String key) throws ScenarioLoadException {
            JsonNode value = node.toJson();
            if (value == null || !value.isNumber()) {
                throw node.error(source, "'" + key + "' should be a number, got " + node.describe());
            }
            return value.asDouble();
        }

        private long integer(YamlNode node, String key) throws ScenarioLoadException {
            JsonNode value = node.toJson();
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
                throw node.error(source, "'" + key + "' should be a whole number, got " + node.describe());
            }
            return value.asLong();
        }

        private YamlNode required(YamlNode mapping, String key) throws ScenarioLoadException {
            return mapping.get(key).orElseThrow(() -> mapping.error(source, "missing key '" + key + "'"));
        }

        private String text(YamlNode node, String key) throws ScenarioLoadException {
            if (node.shape() != YamlNode.Shape.SCALAR || node.text() == null || node.text().isBlank()) {
                throw node.error(source, "'" + key + "' should be a text value, got " + node.describe());
            }
            return node.text();
        }

        private List<YamlNode> list(YamlNode node, String key) throws ScenarioLoadException {
            if (node.shape() != YamlNode.Shape.SEQUENCE) {
                throw node.error(source, "'" + key + "' should be a list, got " + node.describe());
            }
            return node.items();
        }

        /** Checks {@code node} is a mapping and, when {@code allowed} is given, has no other keys. */
        private void mapping(YamlNode node, String what, List<String> allowed) throws ScenarioLoadException {
            if (!node.isMapping()) {
                throw node.error(source, what + " should be a mapping, got " + node.describe());
            }
            if (allowed != null) {
                allowedKeys(node, what, allowed);
            }
        }

        private void allowedKeys(YamlNode node, String what, List<String> allowed) throws ScenarioLoadException {
            Set<String> ok = Set.copyOf(allowed);
            for (Map.Entry<String, YamlNode> key : node.keys().entrySet()) {
                if (!ok.contains(key.getKey())) {
                    throw key.getValue().error(source, "unknown key '" + key.getKey() + "' in " + what + ", expected one of: "
                            + String.join(", ", allowed));
                }
            }
        }
    }
}
