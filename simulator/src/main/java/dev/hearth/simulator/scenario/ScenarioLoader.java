package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.DeviceKind;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a scenario YAML file into a typed {@link Scenario}, once, at the edge. Every error names
 * {@code file:line:col} and what is wrong there.
 */
public final class ScenarioLoader {
    private static final List<String> ROOT_KEYS = List.of("name", "description", "devices", "steps");
    private static final List<String> STEP_ACTIONS = List.of("report", "expect");

    public Scenario load(Path file) throws ScenarioLoadException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioLoadException(file.toString(), 1, 1, "cannot read the file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** {@code source} names the text in error messages, usually its file name. */
    public Scenario parse(String source, String yaml) throws ScenarioLoadException {
        return new Reading(source).scenario(yaml);
    }

    /** One load: carries the source name so errors can say where. */
    private static final class Reading {
        private final String source;
        private final Map<String, DeviceSpec> devices = new LinkedHashMap<>();

        Reading(String source) {
            this.source = source;
        }

        Scenario scenario(String yaml) throws ScenarioLoadException {
            YamlNode root = YamlNode.parse(source, yaml)
                    .orElseThrow(() -> new ScenarioLoadException(source, 1, 1, "empty scenario: expected name, devices and steps"));
            mapping(root, "a scenario", ROOT_KEYS);
            String name = text(required(root, "name"), "name");
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
            return new Scenario(name, List.copyOf(devices.values()), steps);
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
            return switch (kind) {
                case BED -> {
                    allowedKeys(node, "a bed", List.of("id", "kind", "password"));
                    yield new DeviceSpec.BedSpec(id, password);
                }
                case COFFEE_MACHINE -> {
                    allowedKeys(node, "a coffee-machine", List.of("id", "kind", "password", "brew-time"));
                    Optional<YamlNode> brewTime = node.get("brew-time");
                    yield new DeviceSpec.CoffeeMachineSpec(id, password,
                            brewTime.isPresent() ? duration(brewTime.get()) : CoffeeMachine.DEFAULT_BREW_TIME);
                }
            };
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
            YamlNode atNode = required(node, "at");
            Duration at = duration(atNode);
            if (at.compareTo(previous) < 0) {
                throw atNode.error(source, "steps go in time order: " + Durations.format(at) + " comes after "
                        + Durations.format(previous));
            }
            if (actions.isEmpty()) {
                throw node.error(source, "a step needs one of: " + String.join(", ", STEP_ACTIONS));
            }
            if (actions.size() > 1) {
                throw node.keys().get(actions.get(1)).error(source,
                        "a step does one thing: found both '" + actions.get(0) + "' and '" + actions.get(1) + "'");
            }
            YamlNode body = node.get(actions.get(0)).orElseThrow();
            return switch (actions.get(0)) {
                case "report" -> report(at, body);
                default -> expect(at, body);
            };
        }

        private Step.Report report(Duration at, YamlNode node) throws ScenarioLoadException {
            mapping(node, "report", List.of("device", "state"));
            String device = knownDevice(required(node, "device"));
            YamlNode state = required(node, "state");
            mapping(state, "state", null);
            return new Step.Report(at, device, (ObjectNode) state.toJson());
        }

        private Step.ExpectCommand expect(Duration at, YamlNode node) throws ScenarioLoadException {
            mapping(node, "expect", List.of("device", "receives", "args", "within"));
            String device = knownDevice(required(node, "device"));
            YamlNode commandNode = required(node, "receives");
            String command = text(commandNode, "receives");
            if (!Topics.isValidCommandName(command)) {
                throw commandNode.error(source, "invalid command name '" + command + "': use 1-64 letters, digits, '_', '-' or '.'");
            }
            Optional<ObjectNode> args = Optional.empty();
            if (node.get("args").isPresent()) {
                YamlNode argsNode = node.get("args").get();
                mapping(argsNode, "args", null);
                args = Optional.of((ObjectNode) argsNode.toJson());
            }
            Duration within = duration(required(node, "within"));
            return new Step.ExpectCommand(at, device, command, args, within);
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
