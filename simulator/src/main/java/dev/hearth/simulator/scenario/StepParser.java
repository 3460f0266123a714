package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.simulator.device.OfflineMode;
import dev.hearth.wire.TopicKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One entry of a scenario's {@code steps:}: when, and the one thing that happens then. */
final class StepParser {
    private static final List<String> ACTIONS = List.of("report", "offline", "online", "restart", "malformed", "expect");
    private static final List<TopicKind> DEVICE_TOPICS = Arrays.stream(TopicKind.values()).filter(k -> k != TopicKind.COMMAND).toList();

    private final NodeReader read;
    private final Set<String> devices;

    /** {@code devices}: the ids the scenario declares, which steps may name. */
    StepParser(NodeReader read, Set<String> devices) {
        this.read = read;
        this.devices = devices;
    }

    /** The step, if it reads and comes no earlier than {@code previous}. */
    Optional<Step> step(YamlNode node, Duration previous) {
        Optional<YamlNode.Map> step = read.mapping(node, "a step", null);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Map map = step.get();
        List<String> allowed = new ArrayList<>(List.of("at"));
        allowed.addAll(ACTIONS);
        read.allowedKeys(map, "a step", allowed);
        List<YamlNode.Entry> actions = map.entries().stream().filter(entry -> ACTIONS.contains(entry.key())).toList();
        if (actions.size() > 1) {
            read.problems().add(actions.get(1).keyPosition(), "a step does one thing: found both '" + actions.get(0).key()
                    + "' and '" + actions.get(1).key() + "'");
            return Optional.empty();
        }
        Optional<YamlNode.Entry> action = actions.stream().findFirst();
        // An exact expectation may carry its time itself: `- expect: { ..., at: 30s }`.
        Optional<YamlNode.Entry> innerAt = action.filter(entry -> entry.key().equals("expect"))
                .flatMap(entry -> entry.value() instanceof YamlNode.Map body ? body.entry("at") : Optional.empty());
        if (innerAt.isPresent() && map.get("at").isPresent()) {
            read.problems().add(innerAt.get().keyPosition(), "give the time once: 'at' on the step or in 'expect', not both");
            return Optional.empty();
        }
        Optional<YamlNode> atNode = innerAt.isPresent() ? innerAt.map(YamlNode.Entry::value) : read.required(map, "at");
        Optional<Duration> at = atNode.flatMap(read::duration);
        if (at.isPresent() && at.get().compareTo(previous) < 0) {
            read.problems().add(atNode.get().position(), "steps go in time order: " + Durations.format(at.get())
                    + " comes after " + Durations.format(previous));
            return Optional.empty();
        }
        if (action.isEmpty()) {
            read.problems().add(map.position(), "a step needs one of: " + String.join(", ", ACTIONS));
            return Optional.empty();
        }
        if (at.isEmpty()) {
            return Optional.empty();
        }
        YamlNode body = action.get().value();
        return switch (action.get().key()) {
            case "report" -> report(at.get(), body);
            case "offline" -> offline(at.get(), body);
            case "online" -> read.mapping(body, "online", List.of("device")).flatMap(this::device)
                    .map(device -> new Step.ComeOnline(at.get(), device));
            case "restart" -> read.mapping(body, "restart", List.of("device")).flatMap(this::device)
                    .map(device -> new Step.Restart(at.get(), device));
            case "malformed" -> malformed(at.get(), body);
            default -> read.mapping(body, "expect", null).flatMap(expect -> expect(at.get(), expect, innerAt.isPresent()));
        };
    }

    private Optional<Step> report(Duration at, YamlNode node) {
        Optional<YamlNode.Map> report = read.mapping(node, "report", List.of("device", "state"));
        Optional<String> device = report.flatMap(this::device);
        Optional<YamlNode.Map> state = report.flatMap(map -> read.required(map, "state"))
                .flatMap(value -> read.mapping(value, "state", null));
        if (device.isEmpty() || state.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step.Report(at, device.get(), state.get().toJson()));
    }

    private Optional<Step> offline(Duration at, YamlNode node) {
        Optional<YamlNode.Map> offline = read.mapping(node, "offline", List.of("device", "how"));
        Optional<String> device = offline.flatMap(this::device);
        Optional<OfflineMode> how = offline.isEmpty() ? Optional.empty() : offline.get().get("how").isEmpty()
                ? Optional.of(OfflineMode.DROP) : offline.get().get("how").flatMap(this::how);
        if (device.isEmpty() || how.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step.GoOffline(at, device.get(), how.get()));
    }

    private Optional<OfflineMode> how(YamlNode node) {
        return read.text(node, "how").flatMap(text -> switch (text) {
            case "drop" -> Optional.of(OfflineMode.DROP);
            case "close" -> Optional.of(OfflineMode.CLOSE);
            default -> {
                read.problems().add(node.position(), "unknown 'how' '" + text
                        + "', expected drop (the connection dies) or close (the device says goodbye)");
                yield Optional.empty();
            }
        });
    }

    private Optional<Step> malformed(Duration at, YamlNode node) {
        Optional<YamlNode.Map> malformed = read.mapping(node, "malformed", List.of("device", "topic-kind", "payload"));
        if (malformed.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> device = device(malformed.get());
        Optional<TopicKind> kind = read.required(malformed.get(), "topic-kind").flatMap(this::topicKind);
        Optional<String> payload = read.required(malformed.get(), "payload").flatMap(value ->
                value instanceof YamlNode.Scalar scalar && !scalar.isNull() ? Optional.of(scalar.text())
                        : read.wrong(value, "'payload' should be the text to send"));
        if (device.isEmpty() || kind.isEmpty() || payload.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step.Malformed(at, device.get(), kind.get(), payload.get()));
    }

    private Optional<TopicKind> topicKind(YamlNode node) {
        Optional<String> text = read.text(node, "topic-kind");
        Optional<TopicKind> kind = text.flatMap(segment -> DEVICE_TOPICS.stream().filter(k -> k.segment().equals(segment)).findFirst());
        if (text.isPresent() && kind.isEmpty()) {
            read.problems().add(node.position(), "unknown topic-kind '" + text.get() + "', expected one of: "
                    + DEVICE_TOPICS.stream().map(TopicKind::segment).collect(Collectors.joining(", ")));
        }
        return kind;
    }

    /** {@code exact}: the time came inside the expectation ({@code at:}), which then has no window. */
    private Optional<Step> expect(Duration at, YamlNode.Map node, boolean exact) {
        Optional<Duration> within;
        if (!exact) {
            within = node.get("within").isPresent() ? node.get("within").flatMap(read::duration) : Optional.empty();
            if (node.get("within").isEmpty()) {
                read.problems().add(node.position(), "missing key 'within' (or 'at', for an exact time)");
            }
        } else if (node.entry("within").isPresent()) {
            read.problems().add(node.entry("within").get().keyPosition(), "an expectation has 'within' or an exact 'at', not both");
            return Optional.empty();
        } else {
            within = Optional.of(Duration.ZERO);
        }
        if (node.get("receives").isPresent()) {
            read.allowedKeys(node, "expect", List.of("device", "receives", "args", "within", "at"));
            Optional<String> device = device(node);
            Optional<String> command = node.get("receives").flatMap(value -> read.commandName(value, "receives"));
            Optional<Optional<ObjectNode>> args = node.get("args").isEmpty() ? Optional.of(Optional.empty())
                    : node.get("args").flatMap(value -> read.mapping(value, "args", null)).map(map -> Optional.of(map.toJson()));
            if (within.isEmpty() || device.isEmpty() || command.isEmpty() || args.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Step.ExpectCommand(at, device.get(), command.get(), args.get(), within.get(), exact));
        }
        if (node.get("state").isPresent()) {
            read.allowedKeys(node, "expect", List.of("device", "state", "equals", "within", "at"));
            Optional<String> device = device(node);
            Optional<String> attribute = node.get("state").flatMap(value -> read.text(value, "state"));
            Optional<YamlNode> equals = read.required(node, "equals");
            if (within.isEmpty() || device.isEmpty() || attribute.isEmpty() || equals.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Step.ExpectState(at, device.get(), attribute.get(), equals.get().toJson(), within.get(), exact));
        }
        if (node.get("api").isPresent()) {
            read.allowedKeys(node, "expect", List.of("api", "pointer", "equals", "within", "at"));
            Optional<String> path = node.get("api").flatMap(value -> startingWithSlash(value, "api",
                    "'api' is a path on the hub, like /api/devices/coffee-1"));
            Optional<String> pointer = read.required(node, "pointer").flatMap(value -> startingWithSlash(value, "pointer",
                    "'pointer' is a JSON pointer, like /state/status"));
            Optional<YamlNode> equals = read.required(node, "equals");
            if (within.isEmpty() || path.isEmpty() || pointer.isEmpty() || equals.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Step.ExpectApi(at, path.get(), pointer.get(), equals.get().toJson(), within.get(), exact));
        }
        read.problems().add(node.position(), "expect needs one of: receives (a command), state (a device's state), api (the hub's API)");
        return Optional.empty();
    }

    private Optional<String> startingWithSlash(YamlNode node, String key, String otherwise) {
        Optional<String> text = read.text(node, key);
        if (text.isPresent() && !text.get().startsWith("/")) {
            read.problems().add(node.position(), otherwise);
            return Optional.empty();
        }
        return text;
    }

    /** The step's {@code device:}, which the scenario must declare. */
    private Optional<String> device(YamlNode.Map step) {
        Optional<YamlNode> node = read.required(step, "device");
        Optional<String> id = node.flatMap(value -> read.text(value, "device"));
        if (id.isPresent() && !devices.contains(id.get())) {
            read.problems().add(node.get().position(), "unknown device '" + id.get() + "', expected one of: "
                    + String.join(", ", devices));
            return Optional.empty();
        }
        return id;
    }
}
