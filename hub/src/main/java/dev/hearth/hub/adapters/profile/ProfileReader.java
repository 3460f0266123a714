package dev.hearth.hub.adapters.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.hub.broker.TopicFilters;
import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.rules.yaml.YamlReader;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a protocol profile (YAML) into a {@link Profile} with the project's one YAML reader, so that
 * every problem is reported at once, each at its file:line:col, as for rules and the hub config.
 * The format is described at the top of the shipped profiles (tasmota.yaml, zigbee2mqtt.yaml).
 */
public final class ProfileReader {
    private static final Set<String> TOP_KEYS = Set.of("protocol", "speaks-for", "access", "meta", "values", "messages", "commands",
            "discovery");
    private static final Set<String> MESSAGE_KINDS = Set.of("ignore", "availability", "json", "text", "device-list",
            "components", "rpc-replies");
    private static final Set<String> PAYLOAD_KINDS = Set.of("text", "json", "rpc");
    private static final Set<String> BUILT_IN_READINGS = Set.of("as-is", "number", "measurement");
    private static final Set<String> DEVICE_LIST_FORMATS = Set.of("zigbee2mqtt");
    private static final Set<String> DISCOVERY_FORMATS = Set.of("tasmota");

    private final Problems problems;
    private final Map<String, ValueReading> namedReadings = new HashMap<>();

    private ProfileReader(Problems problems) {
        this.problems = problems;
    }

    /** The profile, or empty with the problems in {@code problems} (whose file names the source). */
    public static Optional<Profile> read(String text, Problems problems) {
        problems.text(text);
        Optional<YamlNode> root = new YamlReader().read(text, problems);
        if (root.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(Position.START, "the profile is empty; expected protocol:, access:, messages: and commands:");
            }
            return Optional.empty();
        }
        int before = problems.count();
        Optional<Profile> profile = new ProfileReader(problems).profile(root.get());
        return problems.count() == before ? profile : Optional.empty();
    }

    private Optional<Profile> profile(YamlNode root) {
        Optional<YamlNode.Map> top = map(root, "a profile");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Map map = top.get();
        onlyKeys(map, TOP_KEYS, "a profile");
        Optional<Protocol> protocol = required(map, "protocol", "a profile").flatMap(this::text).flatMap(name -> {
            try {
                return Optional.of(Protocol.fromConfig(name));
            } catch (IllegalArgumentException e) {
                problems.add(map.get("protocol").orElseThrow().position(), e.getMessage());
                return Optional.empty();
            }
        });
        Profile.SpeaksFor speaksFor = map.get("speaks-for").flatMap(this::text).map(word -> switch (word) {
            case "one-device" -> Profile.SpeaksFor.ONE_DEVICE;
            case "bridge-devices" -> Profile.SpeaksFor.BRIDGE_DEVICES;
            default -> {
                problems.add(map.get("speaks-for").orElseThrow().position(),
                        "unknown speaks-for '" + word + "'; expected one-device or bridge-devices");
                yield Profile.SpeaksFor.ONE_DEVICE;
            }
        }).orElse(Profile.SpeaksFor.ONE_DEVICE);
        List<Template> publish = new ArrayList<>();
        List<Template> subscribe = new ArrayList<>();
        List<Template> swallow = new ArrayList<>();
        required(map, "access", "a profile").flatMap(node -> map(node, "access")).ifPresent(access -> {
            onlyKeys(access, Set.of("publish", "subscribe", "swallow"), "access");
            access.get("publish").ifPresent(node -> publish.addAll(filters(node, true)));
            access.get("subscribe").ifPresent(node -> subscribe.addAll(filters(node, true)));
            access.get("swallow").ifPresent(node -> swallow.addAll(filters(node, false)));
        });
        Optional<DeviceMeta> meta = map.get("meta").flatMap(this::meta);
        map.get("values").flatMap(node -> map(node, "values")).ifPresent(this::values);
        List<MessageRule> messages = new ArrayList<>();
        required(map, "messages", "a profile").flatMap(node -> seq(node, "messages")).ifPresent(items ->
                items.items().forEach(item -> message(item, speaksFor).ifPresent(messages::add)));
        Map<String, CommandRule> commands = new LinkedHashMap<>();
        map.get("commands").flatMap(node -> map(node, "commands")).ifPresent(entries -> entries.entries().forEach(entry ->
                command(entry, speaksFor).ifPresent(command -> commands.put(command.name(), command))));
        Optional<Discovery> discovery = map.get("discovery").flatMap(node -> discovery(node, swallow, speaksFor));
        if (speaksFor == Profile.SpeaksFor.ONE_DEVICE) {
            checkOneDevice(map, meta, discovery, commands);
        }
        checkRpc(map, messages, commands);
        if (protocol.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(problems.file().toString(), protocol.get(), speaksFor, publish, subscribe, swallow, meta,
                messages, commands, discovery));
    }

    /**
     * {@code discovery: {format, config, sensors: {topic, field, as}}}: filters inside a swallowed tree (what one
     * login writes there must reach no other), for a one-device protocol (the device describes itself).
     */
    private Optional<Discovery> discovery(YamlNode node, List<Template> swallow, Profile.SpeaksFor speaksFor) {
        Optional<YamlNode.Map> map = map(node, "discovery");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        onlyKeys(map.get(), Set.of("format", "config", "sensors", "kinds"), "discovery");
        int before = problems.count();
        if (speaksFor != Profile.SpeaksFor.ONE_DEVICE) {
            problems.add(map.get().position(), "discovery: is for a one-device profile (a device that describes itself)");
        }
        Optional<String> format = required(map.get(), "format", "discovery").flatMap(this::text);
        format.filter(name -> !DISCOVERY_FORMATS.contains(name)).ifPresent(name -> problems.add(
                map.get().get("format").orElseThrow().position(), "unknown discovery format '" + name + "'; expected one of "
                        + new TreeSet<>(DISCOVERY_FORMATS)));
        Optional<String> config = required(map.get(), "config", "discovery").flatMap(filter -> swallowedFilter(filter, swallow));
        Optional<YamlNode.Map> sensors = required(map.get(), "sensors", "discovery").flatMap(n -> map(n, "discovery.sensors"));
        Optional<String> sensorsTopic = Optional.empty();
        Optional<String> field = Optional.empty();
        Optional<Template> as = Optional.empty();
        if (sensors.isPresent()) {
            onlyKeys(sensors.get(), Set.of("topic", "field", "as"), "discovery.sensors");
            sensorsTopic = required(sensors.get(), "topic", "discovery.sensors").flatMap(filter -> swallowedFilter(filter, swallow));
            field = required(sensors.get(), "field", "discovery.sensors").flatMap(this::text);
            as = required(sensors.get(), "as", "discovery.sensors").flatMap(asNode -> text(asNode).flatMap(text -> {
                try {
                    return Optional.of(TopicPattern.parse(text).template());
                } catch (IllegalArgumentException e) {
                    problems.add(asNode.position(), "as '" + text + "': " + e.getMessage());
                    return Optional.empty();
                }
            }));
        }
        Map<String, Discovery.Kind> kinds = new LinkedHashMap<>();
        map.get().get("kinds").flatMap(n -> map(n, "discovery.kinds")).ifPresent(entries -> entries.entries().forEach(entry -> {
            if (!Discovery.KINDS.contains(entry.key())) {
                problems.add(entry.keyPosition(), "unknown kind '" + entry.key() + "'; expected one of " + Discovery.KINDS);
            } else {
                kind(entry).ifPresent(kind -> kinds.put(entry.key(), kind));
            }
        }));
        if (problems.count() != before || format.isEmpty() || config.isEmpty() || sensorsTopic.isEmpty() || field.isEmpty()
                || as.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Discovery(format.get(), config.get(), sensorsTopic.get(), field.get(), as.get(), kinds));
    }

    /** {@code light: {attributes, commands}}: what a kind of output its config lists adds to the meta. */
    private Optional<Discovery.Kind> kind(YamlNode.Entry entry) {
        String what = "discovery.kinds." + entry.key();
        Optional<YamlNode.Map> kind = map(entry.value(), what);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        onlyKeys(kind.get(), Set.of("attributes", "commands"), what);
        int before = problems.count();
        Map<Template, AttributeMeta> attributes = new LinkedHashMap<>();
        kind.get().get("attributes").flatMap(n -> map(n, what + ".attributes")).ifPresent(map -> map.entries().forEach(attribute -> {
            try {
                Template name = Template.parse(attribute.key(), false);
                if (name.uses("topic") || name.uses("name")) {
                    throw new IllegalArgumentException("an attribute name may use {n} only");
                }
                attribute(attribute.value(), "attribute '" + attribute.key() + "'").ifPresent(meta -> attributes.put(name, meta));
            } catch (IllegalArgumentException e) {
                problems.add(attribute.keyPosition(), "attribute '" + attribute.key() + "': " + e.getMessage());
            }
        }));
        List<CommandMeta> commands = kind.get().get("commands").flatMap(n -> map(n, what + ".commands"))
                .map(this::commandMetas).orElse(List.of());
        return problems.count() == before ? Optional.of(new Discovery.Kind(attributes, commands)) : Optional.empty();
    }

    /** An MQTT filter ({@code +} for a level, such as a device's MAC) inside one of the swallowed trees. */
    private Optional<String> swallowedFilter(YamlNode node, List<Template> swallow) {
        return text(node).filter(filter -> {
            boolean inside = !filter.contains("#") && !filter.contains("{")
                    && swallow.stream().anyMatch(tree -> TopicFilters.matches(tree.text(), filter.replace("+", "x")));
            if (!inside) {
                problems.add(node.position(), "a discovery topic is a filter inside a swallowed tree (access.swallow), without"
                        + " '#' or placeholders, got '" + filter + "'");
            }
            return inside;
        });
    }

    /**
     * A one-device profile says what the device is, and declares each command it can send: in its meta, or in a kind of
     * its discovery (the commands of a light, which its config says it is).
     */
    private void checkOneDevice(YamlNode.Map map, Optional<DeviceMeta> meta, Optional<Discovery> discovery,
                                Map<String, CommandRule> commands) {
        if (meta.isEmpty()) {
            if (map.get("meta").isEmpty()) {
                problems.add(map.position(), "a one-device profile needs meta: (the device's type, attributes and commands)");
            }
            return;
        }
        Set<String> declared = new TreeSet<>(meta.get().commands());
        discovery.ifPresent(found -> found.kinds().values().forEach(kind ->
                kind.commands().forEach(command -> declared.add(command.name()))));
        if (!declared.equals(new TreeSet<>(commands.keySet()))) {
            problems.add(map.get("commands").map(YamlNode::position).orElse(map.position()),
                    "the commands " + new TreeSet<>(commands.keySet()) + " and the meta's commands " + declared
                            + " differ; expected each command in both");
        }
    }

    /**
     * RPC requests need the one message their replies come back on, a topic ending in {@code /rpc} without
     * placeholders but {@code {topic}} (the request's src is that topic without {@code /rpc}).
     */
    private void checkRpc(YamlNode.Map map, List<MessageRule> messages, Map<String, CommandRule> commands) {
        List<MessageRule> replies = messages.stream().filter(rule -> rule.handling() instanceof Handling.RpcReplies).toList();
        for (MessageRule reply : replies) {
            String topic = reply.topic().template().text();
            if (!topic.endsWith("/rpc") || topic.contains("#") || reply.topic().template().uses("n")
                    || reply.topic().template().uses("name")) {
                problems.add(reply.at(), "rpc-replies: the topic a device answers on is <src>/rpc, without {n}, {name} or"
                        + " '#', got '" + topic + "'");
            }
        }
        boolean rpc = commands.values().stream().anyMatch(command -> command.payload() instanceof CommandRule.Payload.Rpc);
        if (rpc ? replies.size() != 1 : !replies.isEmpty()) {
            problems.add(map.get("messages").map(YamlNode::position).orElse(map.position()), rpc
                    ? "commands sent as rpc: need exactly one message with rpc-replies: true (where their replies come back)"
                    : "rpc-replies: is for commands sent as rpc:, and there are none");
        }
    }

    /** {@code own}: filters of the login's own tree, with {@code {topic}} as a whole level; else shared trees, without. */
    private List<Template> filters(YamlNode node, boolean own) {
        List<Template> filters = new ArrayList<>();
        for (YamlNode item : items(node)) {
            text(item).ifPresent(text -> {
                try {
                    Template template = Template.parse(text, false);
                    boolean ownTree = template.uses("topic") && ("/" + text + "/").contains("/{topic}/");
                    if (template.uses("name") || template.uses("n") || own != ownTree || (!own && template.uses("topic"))) {
                        problems.add(item.position(), own
                                ? "an access filter has {topic} as a whole level and no other placeholder (a login uses only"
                                + " its own topics), got '" + text + "'"
                                : "a swallowed filter is a shared tree, without placeholders, got '" + text + "'");
                    } else {
                        filters.add(template);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(item.position(), e.getMessage());
                }
            });
        }
        return filters;
    }

    private Optional<DeviceMeta> meta(YamlNode node) {
        Optional<YamlNode.Map> meta = map(node, "meta");
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        onlyKeys(meta.get(), Set.of("type", "attributes", "commands"), "meta");
        Optional<String> type = required(meta.get(), "type", "meta").flatMap(this::text);
        DeviceMeta.Builder builder = DeviceMeta.builder(type.orElse("unknown"));
        int before = problems.count();
        meta.get().get("attributes").flatMap(n -> map(n, "meta.attributes")).ifPresent(attributes ->
                attributes.entries().forEach(entry -> attribute(entry.value(), "attribute '" + entry.key() + "'")
                        .ifPresent(attribute -> builder.attribute(entry.key(), attribute))));
        meta.get().get("commands").flatMap(n -> map(n, "meta.commands")).ifPresent(commands ->
                commandMetas(commands).forEach(builder::command));
        if (type.isEmpty() || problems.count() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            problems.add(meta.get().position(), e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code NAME: {args: {ARG: {type, unit}}}} each. */
    private List<CommandMeta> commandMetas(YamlNode.Map commands) {
        List<CommandMeta> out = new ArrayList<>();
        commands.entries().forEach(entry -> {
            Map<String, AttributeMeta> args = new LinkedHashMap<>();
            map(entry.value(), "command '" + entry.key() + "'").ifPresent(command -> {
                onlyKeys(command, Set.of("args"), "command '" + entry.key() + "'");
                command.get("args").flatMap(n -> map(n, "args")).ifPresent(argMap -> argMap.entries().forEach(arg ->
                        attribute(arg.value(), "argument '" + arg.key() + "'").ifPresent(a -> args.put(arg.key(), a))));
            });
            try {
                out.add(CommandMeta.of(entry.key(), args));
            } catch (IllegalArgumentException e) {
                problems.add(entry.keyPosition(), e.getMessage());
            }
        });
        return out;
    }

    private Optional<AttributeMeta> attribute(YamlNode node, String what) {
        Optional<YamlNode.Map> map = map(node, what);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        onlyKeys(map.get(), Set.of("type", "unit", "settable"), what);
        Optional<AttributeType> type = required(map.get(), "type", what).flatMap(typeNode -> text(typeNode).flatMap(name -> {
            try {
                return Optional.of(AttributeType.fromWire(name));
            } catch (IllegalArgumentException e) {
                problems.add(typeNode.position(), e.getMessage());
                return Optional.empty();
            }
        }));
        String unit = map.get().get("unit").flatMap(this::text).orElse(null);
        boolean settable = map.get().get("settable").map(this::bool).orElse(false);
        return type.map(t -> new AttributeMeta(t, unit, settable));
    }

    private void values(YamlNode.Map values) {
        for (YamlNode.Entry entry : values.entries()) {
            if (BUILT_IN_READINGS.contains(entry.key())) {
                problems.add(entry.keyPosition(), "'" + entry.key() + "' is a built-in reading; name yours otherwise");
                continue;
            }
            map(entry.value(), "value '" + entry.key() + "'").ifPresent(words -> {
                onlyKeys(words, Set.of("on", "off"), "value '" + entry.key() + "'");
                List<String> on = required(words, "on", "value '" + entry.key() + "'").map(this::texts).orElse(List.of());
                List<String> off = required(words, "off", "value '" + entry.key() + "'").map(this::texts).orElse(List.of());
                try {
                    namedReadings.put(entry.key(), new ValueReading.Words(entry.key(), on, off));
                } catch (IllegalArgumentException e) {
                    problems.add(words.position(), e.getMessage());
                }
            });
        }
    }

    private Optional<MessageRule> message(YamlNode item, Profile.SpeaksFor speaksFor) {
        Optional<YamlNode.Map> map = map(item, "a message");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Set<String> allowed = new java.util.HashSet<>(MESSAGE_KINDS);
        allowed.add("topic");
        allowed.add("of");
        onlyKeys(map.get(), allowed, "a message");
        Optional<TopicPattern> topic = required(map.get(), "topic", "a message").flatMap(node -> text(node).flatMap(text -> {
            try {
                return Optional.of(TopicPattern.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(node.position(), "topic '" + text + "': " + e.getMessage());
                return Optional.empty();
            }
        }));
        boolean aboutLogin = map.get().get("of").flatMap(this::text).map(word -> {
            if (!word.equals("login")) {
                problems.add(map.get().get("of").orElseThrow().position(), "unknown of '" + word + "'; expected login"
                        + " (the message is about the login itself, e.g. a bridge's state)");
            }
            return true;
        }).orElse(false);
        List<YamlNode.Entry> kinds = map.get().entries().stream().filter(entry -> MESSAGE_KINDS.contains(entry.key())).toList();
        if (kinds.size() != 1) {
            problems.add(map.get().position(), "a message says what it is with exactly one of " + new TreeSet<>(MESSAGE_KINDS)
                    + (kinds.isEmpty() ? "" : ", got " + kinds.stream().map(YamlNode.Entry::key).toList()));
            return Optional.empty();
        }
        topic.ifPresent(pattern -> {
            if (pattern.hasName() == (aboutLogin || speaksFor == Profile.SpeaksFor.ONE_DEVICE)) {
                problems.add(map.get().position(), pattern.hasName()
                        ? "topic '" + pattern + "' names a device ({name}) in a message about the login, or in a one-device profile"
                        : "topic '" + pattern + "' of a bridge's device needs {name} (or of: login, if it is about the bridge)");
            }
        });
        Optional<Handling> handling = handling(kinds.get(0));
        if (topic.isEmpty() || handling.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MessageRule(map.get().position(), topic.get(), aboutLogin, handling.get()));
    }

    private Optional<Handling> handling(YamlNode.Entry kind) {
        YamlNode value = kind.value();
        switch (kind.key()) {
            case "ignore" -> {
                if (!bool(value)) {
                    problems.add(value.position(), "ignore: true is the only use of ignore; leave the message out otherwise");
                }
                return Optional.of(new Handling.Ignore());
            }
            case "availability" -> {
                return map(value, "availability").map(words -> {
                    onlyKeys(words, Set.of("field", "online", "offline"), "availability");
                    List<String> online = required(words, "online", "availability").map(this::texts).orElse(List.of());
                    List<String> offline = required(words, "offline", "availability").map(this::texts).orElse(List.of());
                    return new Handling.Availability(words.get("field").flatMap(this::text), online, offline);
                });
            }
            case "json" -> {
                return map(value, "json").map(fields -> {
                    List<FieldRule> rules = new ArrayList<>();
                    for (YamlNode.Entry field : fields.entries()) {
                        checkFieldPattern(field);
                        if (field.value() instanceof YamlNode.Scalar scalar && "ignore".equals(scalar.text())) {
                            rules.add(new FieldRule(field.key(), Optional.empty()));
                        } else {
                            target(field.value(), "field '" + field.key() + "'", true)
                                    .ifPresent(target -> rules.add(new FieldRule(field.key(), Optional.of(target))));
                        }
                    }
                    return new Handling.Json(rules);
                });
            }
            case "text" -> {
                return target(value, "text", false).map(Handling.Text::new);
            }
            case "components" -> {
                return map(value, "components").flatMap(components -> {
                    onlyKeys(components, Set.of("field", "topic", "events"), "components");
                    Optional<String> field = required(components, "field", "components").flatMap(this::text);
                    Optional<String> events = components.get("events").flatMap(this::text);
                    Optional<Template> prefix = required(components, "topic", "components").flatMap(node -> text(node)
                            .flatMap(text -> {
                                Template template;
                                try {
                                    template = Template.parse(text, false);
                                } catch (IllegalArgumentException e) {
                                    problems.add(node.position(), "components: topic '" + text + "': " + e.getMessage());
                                    return Optional.empty();
                                }
                                if (!text.startsWith("{topic}/") || !text.endsWith("/") || template.parts().size() != 2) {
                                    problems.add(node.position(), "components: topic is the start of a status topic under"
                                            + " {topic}, ending in '/' (the component's name follows), got '" + text + "'");
                                    return Optional.empty();
                                }
                                return Optional.of(template);
                            }));
                    return field.isPresent() && prefix.isPresent()
                            ? Optional.of(new Handling.Components(field.get(), prefix.get(), events)) : Optional.empty();
                });
            }
            case "rpc-replies" -> {
                if (!bool(value)) {
                    problems.add(value.position(), "rpc-replies: true is the only use of rpc-replies");
                }
                return Optional.of(new Handling.RpcReplies());
            }
            default -> {
                return text(value).flatMap(format -> {
                    if (!DEVICE_LIST_FORMATS.contains(format)) {
                        problems.add(value.position(), "unknown device-list format '" + format + "'; expected one of " + DEVICE_LIST_FORMATS);
                        return Optional.empty();
                    }
                    return Optional.of(new Handling.DeviceList(format));
                });
            }
        }
    }

    private void checkFieldPattern(YamlNode.Entry field) {
        String pattern = field.key();
        int brace = pattern.indexOf('{');
        if (brace >= 0 && (!pattern.endsWith("{n}") || brace != pattern.length() - 3)) {
            problems.add(field.keyPosition(), "field pattern '" + pattern + "': only a final {n} may stand for a number");
        }
    }

    /** {@code { state|telemetry: NAME|same|flatten, value: READING, expr: CEL, skip: [...] }}. */
    private Optional<Target> target(YamlNode node, String what, boolean inJson) {
        Optional<YamlNode.Map> map = map(node, what);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        onlyKeys(map.get(), Set.of("state", "telemetry", "event", "value", "expr", "skip"), what);
        List<YamlNode.Entry> kinds = map.get().entries().stream()
                .filter(entry -> Set.of("state", "telemetry", "event").contains(entry.key())).toList();
        if (kinds.size() != 1) {
            problems.add(map.get().position(), what + " goes to exactly one of state:, telemetry: or event:, with the"
                    + " attribute's name");
            return Optional.empty();
        }
        Target.Kind kind = Target.Kind.valueOf(kinds.get(0).key().toUpperCase(java.util.Locale.ROOT));
        YamlNode nameNode = kinds.get(0).value();
        if (kind == Target.Kind.EVENT && !inJson) {
            problems.add(nameNode.position(), "event: is read from a JSON field (Tasmota's Button1), not a plain-text payload");
            return Optional.empty();
        }
        Optional<Target.Name> name = text(nameNode).flatMap(text -> switch (text) {
            case "same" -> inJson ? Optional.<Target.Name>of(new Target.Name.Same()) : notInText(nameNode, text);
            case "flatten" -> inJson ? Optional.<Target.Name>of(new Target.Name.Flatten()) : notInText(nameNode, text);
            default -> {
                try {
                    Template template = Template.parse(text, false);
                    if (template.uses("topic") || template.uses("name")) {
                        problems.add(nameNode.position(), "an attribute name may use {n} only, got '" + text + "'");
                        yield Optional.empty();
                    }
                    yield Optional.<Target.Name>of(new Target.Name.Fixed(template));
                } catch (IllegalArgumentException e) {
                    problems.add(nameNode.position(), e.getMessage());
                    yield Optional.empty();
                }
            }
        });
        Optional<ValueReading> reading = reading(map.get());
        List<String> skip = map.get().get("skip").map(this::texts).orElse(List.of());
        if (!skip.isEmpty() && !(name.orElse(null) instanceof Target.Name.Flatten)) {
            problems.add(map.get().get("skip").orElseThrow().position(), "skip: goes with flatten only");
        }
        if (name.isEmpty() || reading.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Target(kind, name.get(), reading.get(), Set.copyOf(skip)));
    }

    private Optional<Target.Name> notInText(YamlNode node, String word) {
        problems.add(node.position(), "'" + word + "' names attributes after JSON fields; a plain-text payload needs a name");
        return Optional.empty();
    }

    private Optional<ValueReading> reading(YamlNode.Map target) {
        Optional<YamlNode> value = target.get("value");
        Optional<YamlNode> expr = target.get("expr");
        if (value.isPresent() && expr.isPresent()) {
            problems.add(expr.get().position(), "value: and expr: exclude each other; an expression reads the value itself");
            return Optional.empty();
        }
        if (expr.isPresent()) {
            return text(expr.get()).flatMap(text -> {
                try {
                    return Optional.of(new ValueReading.Expr(ValueExpression.compile(text)));
                } catch (ValueExpression.Invalid e) {
                    for (ValueExpression.Problem problem : e.problems()) {
                        problems.add(problems.positionInScalar(expr.get().position(), 0, problem.line(), problem.column()),
                                "expression '" + text + "': " + problem.message());
                    }
                    return Optional.empty();
                }
            });
        }
        String name = value.flatMap(this::text).orElse("as-is");
        ValueReading reading = switch (name) {
            case "as-is" -> new ValueReading.AsIs();
            case "number" -> new ValueReading.Number();
            case "measurement" -> new ValueReading.Measurement();
            default -> namedReadings.get(name);
        };
        if (reading == null) {
            problems.add(value.orElseThrow().position(), "unknown value '" + name + "'; expected as-is, number, measurement"
                    + (namedReadings.isEmpty() ? "" : " or one of values: " + new TreeSet<>(namedReadings.keySet())));
            return Optional.empty();
        }
        return Optional.of(reading);
    }

    private Optional<CommandRule> command(YamlNode.Entry entry, Profile.SpeaksFor speaksFor) {
        String what = "command '" + entry.key() + "'";
        Optional<YamlNode.Map> map = map(entry.value(), what);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        onlyKeys(map.get(), Set.of("topic", "text", "json", "rpc", "confirm", "needs", "defaults"), what);
        Optional<Template> topic = required(map.get(), "topic", what).flatMap(node -> text(node).flatMap(text -> {
            try {
                Template template = Template.parse(text, true);
                if (!template.uses("topic") || text.contains("#") || text.contains("+")) {
                    problems.add(node.position(), what + ": topic uses {topic} and has no wildcard, got '" + text + "'");
                    return Optional.empty();
                }
                if (template.uses("name") != (speaksFor == Profile.SpeaksFor.BRIDGE_DEVICES)) {
                    problems.add(node.position(), what + ": a bridge's command topic names the device with {name},"
                            + " a one-device profile's does not");
                    return Optional.empty();
                }
                return Optional.of(template);
            } catch (IllegalArgumentException e) {
                problems.add(node.position(), what + ": " + e.getMessage());
                return Optional.empty();
            }
        }));
        Optional<CommandRule.Payload> payload = payload(map.get(), what);
        Optional<CommandRule.Confirm> confirm;
        if (payload.orElse(null) instanceof CommandRule.Payload.Rpc) {
            map.get().get("confirm").ifPresent(node -> problems.add(node.position(), what
                    + ": an RPC request is confirmed by its reply; leave confirm: out"));
            confirm = Optional.of(new CommandRule.Confirm.Reply());
        } else {
            confirm = required(map.get(), "confirm", what).flatMap(node -> confirm(node, what));
        }
        ObjectNode defaults = map.get().get("defaults").flatMap(node -> map(node, what + ": defaults"))
                .map(node -> (ObjectNode) node.toJson()).orElseGet(JsonNodeFactory.instance::objectNode);
        Optional<String> needs = map.get().get("needs").flatMap(this::text);
        if (topic.isEmpty() || payload.isEmpty() || confirm.isEmpty()) {
            return Optional.empty();
        }
        try {
            CommandMeta.of(entry.key()); // the name a rule and the API use
        } catch (IllegalArgumentException e) {
            problems.add(entry.keyPosition(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new CommandRule(entry.key(), topic.get(), payload.get(), confirm.get(), needs, defaults));
    }

    /** Exactly one of text:, json: (or $args) and rpc: {method, params}. */
    private Optional<CommandRule.Payload> payload(YamlNode.Map map, String what) {
        List<YamlNode.Entry> kinds = map.entries().stream().filter(entry -> PAYLOAD_KINDS.contains(entry.key())).toList();
        if (kinds.size() != 1) {
            problems.add(map.position(), what + " sends exactly one of text: (plain text), json: (a JSON document, or $args"
                    + " for the command's arguments) or rpc: (an RPC request: method:, params:)");
            return Optional.empty();
        }
        YamlNode document = kinds.get(0).value();
        return switch (kinds.get(0).key()) {
            // an empty text is a command without a value (Tasmota's ShutterOpen1)
            case "text" -> (document instanceof YamlNode.Scalar scalar && !scalar.isNull() && scalar.text().isEmpty()
                    ? Optional.of("") : text(document)).flatMap(text -> {
                try {
                    return Optional.of(new CommandRule.Payload.Text(Template.parse(text, true)));
                } catch (IllegalArgumentException e) {
                    problems.add(document.position(), what + ": text '" + text + "': " + e.getMessage());
                    return Optional.empty();
                }
            });
            case "json" -> document instanceof YamlNode.Scalar scalar && "$args".equals(scalar.text())
                    ? Optional.of(new CommandRule.Payload.Args())
                    : Optional.of(new CommandRule.Payload.Json((JsonNode) document.toJson()));
            default -> map(document, what + ": rpc").flatMap(rpc -> {
                onlyKeys(rpc, Set.of("method", "params"), what + ": rpc");
                Optional<String> method = required(rpc, "method", what + ": rpc").flatMap(this::text);
                JsonNode params = rpc.get("params").flatMap(node -> map(node, what + ": rpc params"))
                        .map(node -> (JsonNode) node.toJson()).orElseGet(JsonNodeFactory.instance::objectNode);
                return method.map(name -> new CommandRule.Payload.Rpc(name, params));
            });
        };
    }

    private Optional<CommandRule.Confirm> confirm(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar scalar && "$args".equals(scalar.text())) {
            return Optional.of(new CommandRule.Confirm.ArgumentKeys());
        }
        List<Template> attributes = new ArrayList<>();
        for (String attribute : texts(node)) {
            try {
                attributes.add(Template.parse(attribute, true));
            } catch (IllegalArgumentException e) {
                problems.add(node.position(), what + ": confirm '" + attribute + "': " + e.getMessage());
            }
        }
        return Optional.of(new CommandRule.Confirm.Attributes(attributes));
    }

    private Optional<YamlNode> required(YamlNode.Map map, String key, String what) {
        Optional<YamlNode> value = map.get(key);
        if (value.isEmpty()) {
            problems.add(map.position(), what + " needs " + key + ":");
        }
        return value;
    }

    private void onlyKeys(YamlNode.Map map, Set<String> allowed, String what) {
        for (YamlNode.Entry entry : map.entries()) {
            if (!allowed.contains(entry.key())) {
                problems.add(entry.keyPosition(), "unknown key '" + entry.key() + "' in " + what + "; expected one of "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private Optional<YamlNode.Map> map(YamlNode node, String what) {
        if (node instanceof YamlNode.Map map) {
            return Optional.of(map);
        }
        problems.add(node.position(), what + " is a map, got " + node.kindName());
        return Optional.empty();
    }

    private Optional<YamlNode.Seq> seq(YamlNode node, String what) {
        if (node instanceof YamlNode.Seq seq) {
            return Optional.of(seq);
        }
        problems.add(node.position(), what + " is a list, got " + node.kindName());
        return Optional.empty();
    }

    private List<YamlNode> items(YamlNode node) {
        return node instanceof YamlNode.Seq seq ? seq.items() : List.of(node);
    }

    /** One text, or a list of them. */
    private List<String> texts(YamlNode node) {
        List<String> texts = new ArrayList<>();
        items(node).forEach(item -> text(item).ifPresent(texts::add));
        return texts;
    }

    /** A scalar's text as written (numbers and words too: {@code 1}, {@code ON}). */
    private Optional<String> text(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull() && !scalar.text().isEmpty()) {
            return Optional.of(scalar.text());
        }
        problems.add(node.position(), "expected a text, got " + node.kindName());
        return Optional.empty();
    }

    private boolean bool(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isBoolean()) {
            return scalar.value().booleanValue();
        }
        problems.add(node.position(), "expected true or false, got " + node.kindName());
        return false;
    }
}
