package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.profile.CommandRule;
import dev.hearth.hub.adapters.profile.Discovery;
import dev.hearth.hub.adapters.profile.Handling;
import dev.hearth.hub.adapters.profile.MessageRule;
import dev.hearth.hub.adapters.profile.Profile;
import dev.hearth.hub.adapters.profile.Target;
import dev.hearth.hub.adapters.profile.ValueReading;
import dev.hearth.hub.adapters.profile.Template;
import dev.hearth.hub.adapters.profile.TopicPattern;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.broker.TopicFilters;
import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One native login and its profile: reads its publishes into device events, and turns commands for
 * its devices into native publishes. A one-device login (Tasmota) is its device; a bridge
 * (Zigbee2MQTT) speaks for the devices of its device list, whose names decide where a topic's
 * {@code {name}} ends. All of a login's traffic goes through one lock: a login's messages come in
 * order, and the rules' commands are few.
 */
final class LoginSession implements NativeSession {
    private static final Logger LOG = LoggerFactory.getLogger(LoginSession.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What an argument may be where it goes into a topic ({@code POWER{args.relay}}): never a level or a wildcard. */
    private static final int MAX_TOPIC_ARGUMENT = 32;

    private final NativeLogin login;
    private final Profile profile;
    private final List<TopicPattern.Concrete> patterns = new ArrayList<>();
    private final NativeAccess access;
    private final DeviceIndex index;
    private final Confirmations confirmations;
    /** For a protocol whose commands are RPC requests (Shelly): their ids and the answers they wait for. */
    private final Optional<RpcCalls> rpc;
    private final Map<String, Spoken> byId = new LinkedHashMap<>();
    private final Map<String, String> idByName = new HashMap<>();
    private boolean connected;
    private boolean bridgeOnline = true;
    /** The MAC of the discovery config this login sent, whose sensors message is the only one read for it. */
    private Optional<String> discoveredAddress = Optional.empty();

    /** A device the login speaks for. */
    private static final class Spoken {
        private final String name;
        private ObjectNode meta;
        private Optional<Boolean> reportedOnline = Optional.empty();
        private Optional<Boolean> shownOnline = Optional.empty();

        Spoken(String name, ObjectNode meta) {
            this.name = name;
            this.meta = meta;
        }
    }

    LoginSession(NativeLogin login, Profile profile, DeviceIndex index, Clock clock) {
        this.login = login;
        this.profile = profile;
        this.index = index;
        this.confirmations = new Confirmations(clock);
        profile.messages().forEach(rule -> patterns.add(rule.topic().forRoot(login.topic())));
        Map<String, String> root = Map.of("topic", login.topic());
        this.rpc = profile.messages().stream().filter(rule -> rule.handling() instanceof Handling.RpcReplies).findFirst()
                .map(rule -> rule.topic().template().render(root))
                .map(replies -> new RpcCalls(replies.substring(0, replies.length() - "/rpc".length()), clock));
        this.access = new NativeAccess(render(profile.publish(), root), render(profile.subscribe(), root),
                render(profile.swallow(), root), commandTopic());
        index.own(login.id(), login.id());
        if (profile.speaksFor() == Profile.SpeaksFor.ONE_DEVICE) {
            byId.put(login.id(), new Spoken(login.topic(), describedAs(profile.meta().map(meta ->
                    (ObjectNode) WireJson.mapper().valueToTree(meta)).orElseThrow(), login.topic(), Optional.empty())));
            idByName.put(login.topic(), login.id());
        }
    }

    @Override
    public NativeLogin login() {
        return login;
    }

    @Override
    public NativeAccess access() {
        return access;
    }

    @Override
    public boolean isBridge() {
        return profile.speaksFor() == Profile.SpeaksFor.BRIDGE_DEVICES;
    }

    /** What the hub learns of the login's devices before any of them speaks: their metas (and the bridge's own). */
    @Override
    public synchronized List<DeviceEvent> declared() {
        List<DeviceEvent> events = new ArrayList<>();
        if (isBridge()) {
            ObjectNode bridge = NODES.objectNode().put("type", profile.protocol().configName() + "-bridge");
            events.add(new DeviceEvent.Described(login.id(), describedAs(bridge, login.topic(), Optional.empty())));
        }
        byId.forEach((id, device) -> events.add(new DeviceEvent.Described(id, device.meta)));
        return events;
    }

    /**
     * A device the hub stored from an earlier run as this bridge's: spoken for again at once, so that its
     * commands and rules work before the bridge sends its device list again (it sends it retained, at its own
     * start, which may be long before the hub's). Its meta as it was stored; the next device list replaces it.
     */
    @Override
    public synchronized void restore(String id, String name, ObjectNode meta) {
        if (isBridge() && !idByName.containsKey(name) && index.claim(id, login.id())) {
            byId.put(id, new Spoken(name, meta.deepCopy()));
            idByName.put(name, id);
        }
    }

    /**
     * The attributes a one-device login learnt in an earlier run (its profile's meta does not have them), and what its
     * discovery said of it (name, model, firmware, MAC), until it says it again.
     */
    @Override
    public synchronized void learnt(ObjectNode storedMeta) {
        Spoken device = byId.get(login.id());
        if (device != null) {
            for (String field : TasmotaDiscovery.META_FIELDS) {
                if (storedMeta.path(field).isTextual()) {
                    device.meta.put(field, storedMeta.path(field).textValue());
                }
            }
            JsonNode address = storedMeta.path(Adapters.ORIGIN_FIELD).path("address");
            if (address.isTextual()) {
                device.meta.withObjectProperty(Adapters.ORIGIN_FIELD).put("address", address.textValue());
            }
        }
        if (device != null && storedMeta.path("attributes").isObject()) {
            ObjectNode attributes = device.meta.withObjectProperty("attributes");
            storedMeta.path("attributes").fields().forEachRemaining(entry -> {
                if (!attributes.has(entry.getKey())) {
                    attributes.set(entry.getKey(), entry.getValue().deepCopy());
                }
            });
        }
    }

    @Override
    public synchronized Set<String> devices() {
        return Set.copyOf(byId.keySet());
    }

    @Override
    public synchronized Optional<String> nativeName(String deviceId) {
        return Optional.ofNullable(byId.get(deviceId)).map(device -> device.name);
    }

    /** One publish of the login, read as its profile says. */
    @Override
    public synchronized Reading take(String topic, byte[] payload) {
        if (access.swallow().stream().anyMatch(filter -> TopicFilters.matches(filter, topic))) {
            try {
                return new Reading.Swallowed(discovery(topic, payload));
            } catch (Refusal refusal) {
                return new Reading.Refused(refusal.reason(), refusal.getMessage());
            }
        }
        if (access.publish().stream().noneMatch(filter -> TopicFilters.matches(filter, topic))) {
            return new Reading.Outside();
        }
        for (int i = 0; i < patterns.size(); i++) {
            Optional<TopicPattern.Match> match = patterns.get(i).match(topic, idByName::containsKey);
            if (match.isPresent()) {
                try {
                    return new Reading.Events(handle(profile.messages().get(i), match.get(), topic, payload));
                } catch (Refusal refusal) {
                    return new Reading.Refused(refusal.reason(), refusal.getMessage());
                }
            }
        }
        if (patterns.stream().anyMatch(pattern -> pattern.pattern().hasName() && pattern.shapeMatches(topic))) {
            return new Reading.Refused(Refusal.UNKNOWN_DEVICE, topic + ": names no device of " + login.id()
                    + "'s device list (" + login.topic() + "/bridge/devices); a bridge speaks only for the devices it lists");
        }
        return new Reading.Events(List.of()); // in the login's tree, nothing the profile reads
    }

    private List<DeviceEvent> handle(MessageRule rule, TopicPattern.Match match, String topic, byte[] payload) throws Refusal {
        Handling handling = rule.handling();
        if (handling instanceof Handling.DeviceList) {
            return replaceDevices(Zigbee2mqttDevices.read(topic, payload, profile.commands()));
        }
        if (handling instanceof Handling.RpcReplies) {
            return rpc.orElseThrow().reply(topic, payload);
        }
        if (rule.aboutLogin()) {
            Translation translation = MessageReader.read(handling, topic, payload, match.n());
            List<DeviceEvent> events = new ArrayList<>();
            translation.online().ifPresent(online -> {
                bridgeOnline = online;
                events.add(new DeviceEvent.Availability(login.id(), online));
                byId.keySet().forEach(id -> availability(id, events));
            });
            if (!translation.state().isEmpty()) {
                events.add(new DeviceEvent.Reported(login.id(), translation.state()));
            }
            return events;
        }
        String id = match.name().map(idByName::get).orElse(login.id());
        if (handling instanceof Handling.Components components) {
            return events(id, components(components, topic, payload));
        }
        return events(id, MessageReader.read(handling, topic, payload, match.n()));
    }

    /**
     * Each component's status in the message's field, read by the rule of its own status topic: Shelly's
     * NotifyStatus {@code "switch:0": {"output": true}} as {@code <prefix>/status/switch:0} would be.
     */
    private Translation components(Handling.Components components, String topic, byte[] payload) throws Refusal {
        JsonNode field = NativeJson.object(topic, payload).path(components.field());
        Translation out = Translation.empty();
        String prefix = components.topicPrefix().render(Map.of("topic", login.topic()));
        Iterator<Map.Entry<String, JsonNode>> each = field.fields();
        while (each.hasNext()) {
            Map.Entry<String, JsonNode> component = each.next();
            String name = component.getKey();
            if (!component.getValue().isObject() || name.isEmpty() || name.contains("/") || name.contains("#")
                    || name.contains("+")) {
                continue; // ts, and nothing that could be a topic of its own
            }
            out = out.with(readAs(prefix + name, topic + " " + components.field() + "." + name, (ObjectNode) component.getValue()));
        }
        if (components.events().isPresent()) {
            JsonNode events = field.path(components.events().get());
            for (int i = 0; i < events.size(); i++) { // a missing node, or no array, has none
                String where = topic + " " + components.field() + "." + components.events().get() + "[" + i + "]";
                JsonNode component = events.get(i).path("component");
                JsonNode event = events.get(i).path(Handling.Components.EVENT);
                if (!component.isTextual() || !event.isTextual() || component.textValue().isEmpty()
                        || component.textValue().matches(".*[/#+].*")) { // nothing that could be a topic of its own
                    throw new Refusal(Refusal.INVALID_VALUE, where + ": an event names its component and the event, as"
                            + " text, got " + ValueReading.shown(events.get(i)));
                }
                out = out.with(readAs(prefix + component.textValue(), where,
                        NODES.objectNode().set(Handling.Components.EVENT, event)));
            }
        }
        return out;
    }

    /** A JSON object read by the rule of the topic it stands for ({@code where} names it in refusals); empty if none reads it. */
    private Translation readAs(String standsFor, String where, ObjectNode object) throws Refusal {
        for (int i = 0; i < patterns.size(); i++) {
            Optional<TopicPattern.Match> match = patterns.get(i).match(standsFor, idByName::containsKey);
            if (match.isPresent()) {
                return profile.messages().get(i).handling() instanceof Handling.Json json
                        ? MessageReader.object(json, where, object, match.get().n()) : Translation.empty();
            }
        }
        return Translation.empty();
    }

    /**
     * A message on a swallowed tree (delivered to no one): what the device says of itself there, when the profile
     * reads it (Tasmota's own discovery), else nothing.
     */
    private List<DeviceEvent> discovery(String topic, byte[] payload) throws Refusal {
        Optional<Discovery> discovery = profile.discovery();
        if (discovery.isEmpty() || payload.length == 0) {
            return List.of(); // an empty payload clears a retained message: nothing said
        }
        if (TopicFilters.matches(discovery.get().config(), topic)) {
            Optional<TasmotaDiscovery.Config> config = TasmotaDiscovery.read(topic, payload);
            return config.isEmpty() ? List.of() : discovered(topic, config.get());
        }
        if (TopicFilters.matches(discovery.get().sensors(), topic)) {
            String address = TasmotaDiscovery.addressOf(topic);
            if (discoveredAddress.isPresent() && !discoveredAddress.get().equalsIgnoreCase(address)) {
                throw new Refusal(Refusal.UNKNOWN_DEVICE, topic + ": the sensors of " + address + ", where " + login.id()
                        + "'s discovery config is " + discoveredAddress.get() + "'s");
            }
            JsonNode sensors = NativeJson.object(topic, payload).path(discovery.get().sensorsField());
            return sensors.isObject() ? events(login.id(), readAs(discovery.get().sensorsAs().render(Map.of("topic", login.topic())),
                    topic + " " + discovery.get().sensorsField(), (ObjectNode) sensors)) : List.of();
        }
        return List.of();
    }

    /**
     * The device's discovery config, for this login only: its relays become its meta's power attributes (power1..n
     * when it has several), with their names, and its name, model, firmware and MAC join the meta.
     */
    private List<DeviceEvent> discovered(String topic, TasmotaDiscovery.Config config) throws Refusal {
        if (!config.topic().equals(login.topic())) {
            throw new Refusal(Refusal.UNKNOWN_DEVICE, topic + ": names Tasmota topic '" + config.topic() + "', which is not "
                    + login.id() + "'s ('" + login.topic() + "'); a discovery config is read for the login that sends it,"
                    + " and is never a device of its own");
        }
        discoveredAddress = Optional.of(config.address());
        Spoken device = byId.get(login.id());
        ObjectNode meta = device.meta.deepCopy();
        config.relays().ifPresent(relays -> relays(meta, relays, config.relayNames()));
        kinds(meta, config.kinds());
        config.deviceName().ifPresent(name -> meta.put("name", name));
        config.model().ifPresent(model -> meta.put("model", model));
        config.firmware().ifPresent(firmware -> meta.put("firmware", firmware));
        meta.withObjectProperty(Adapters.ORIGIN_FIELD).put("address", config.address());
        if (meta.equals(device.meta)) {
            return List.of();
        }
        device.meta = meta;
        return List.of(new DeviceEvent.Described(login.id(), meta.deepCopy()));
    }

    /** The device's events, in the order the hub applies them: what it is, what it says, whether it is there, what it confirms. */
    private List<DeviceEvent> events(String id, Translation translation) {
        Spoken device = byId.get(id);
        List<DeviceEvent> events = new ArrayList<>();
        if (learnAttributes(device, translation.state()) | learnAttributes(device, translation.telemetry())
                | learnAttributes(device, translation.events())) {
            events.add(new DeviceEvent.Described(id, device.meta.deepCopy()));
        }
        if (!translation.state().isEmpty()) {
            events.add(new DeviceEvent.Reported(id, translation.state()));
        }
        if (!translation.events().isEmpty()) {
            events.addAll(pressed(id, translation.events()));
        }
        if (!translation.telemetry().isEmpty()) {
            events.add(new DeviceEvent.Measured(id, translation.telemetry()));
        }
        translation.online().ifPresent(online -> {
            if (isBridge()) {
                device.reportedOnline = Optional.of(online);
                availability(id, events);
            } else {
                events.add(new DeviceEvent.Availability(id, online));
            }
        });
        if (!translation.state().isEmpty()) {
            events.addAll(confirmations.confirmedBy(id, translation.state()));
        }
        return events;
    }

    /**
     * Each event as a change from and back to {@link Target#RESTING}: the first report is no change when the attribute
     * rests already, and makes it known when it was not (a change out of unknown fires no {@code to:} trigger), so
     * the press itself, and the same press again, are always changes a rule sees.
     */
    private static List<DeviceEvent> pressed(String id, ObjectNode happened) {
        ObjectNode resting = happened.deepCopy();
        resting.fieldNames().forEachRemaining(name -> resting.put(name, Target.RESTING));
        return List.of(new DeviceEvent.Reported(id, resting), new DeviceEvent.Reported(id, happened),
                new DeviceEvent.Reported(id, resting.deepCopy()));
    }

    /** Attributes first seen in a report join the device's meta, so that rules may name them. */
    private static boolean learnAttributes(Spoken device, ObjectNode values) {
        ObjectNode attributes = device.meta.withObjectProperty("attributes");
        boolean learnt = false;
        Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!attributes.has(field.getKey()) && !field.getValue().isNull()) {
                attributes.set(field.getKey(), NODES.objectNode().put("type", typeOf(field.getValue()).wire()));
                learnt = true;
            }
        }
        return learnt;
    }

    private static AttributeType typeOf(JsonNode value) {
        if (value.isBoolean()) {
            return AttributeType.BOOLEAN;
        }
        if (value.isNumber()) {
            return AttributeType.NUMBER; // 21 now may be 21.5 next time
        }
        return value.isTextual() ? AttributeType.STRING : AttributeType.OBJECT;
    }

    /** The bridge's new device list: the devices it lists are spoken for, with the metas their exposes give. */
    private List<DeviceEvent> replaceDevices(List<ListedDevice> listed) {
        List<DeviceEvent> events = new ArrayList<>();
        Set<String> listedIds = new LinkedHashSet<>();
        for (ListedDevice device : listed) {
            String id = idByName.get(device.name());
            if (id == null) {
                id = NativeDeviceIds.of(device.name(), device.address());
                if (!index.claim(id, login.id()) || byId.containsKey(id)) {
                    LOG.warn("{}: device '{}' of its device list would be Hearth device '{}', which is taken (by a device of"
                            + " the config or the database, or another device's name); rename it in {} to speak for it",
                            login.id(), device.name(), id, profile.protocol().configName());
                    continue;
                }
            }
            listedIds.add(id);
            ObjectNode meta = listedMeta(device);
            Spoken known = byId.get(id);
            if (known == null) {
                known = new Spoken(device.name(), meta);
                byId.put(id, known);
                idByName.put(device.name(), id);
                events.add(new DeviceEvent.Described(id, meta.deepCopy()));
                availability(id, events);
            } else {
                // attributes learnt from reports stay (exposes rarely list everything a device reports); the list's win
                ObjectNode attributes = meta.withObjectProperty("attributes");
                ObjectNode listedAttributes = attributes.deepCopy();
                if (known.meta.path("attributes").isObject()) {
                    attributes.setAll((ObjectNode) known.meta.path("attributes").deepCopy());
                }
                attributes.setAll(listedAttributes);
                if (!meta.equals(known.meta)) {
                    known.meta = meta;
                    events.add(new DeviceEvent.Described(id, meta.deepCopy()));
                }
            }
        }
        // A device that left the list is no longer spoken for; what it reported stays (its history too).
        for (Iterator<Map.Entry<String, Spoken>> each = byId.entrySet().iterator(); each.hasNext(); ) {
            Map.Entry<String, Spoken> device = each.next();
            if (!listedIds.contains(device.getKey())) {
                idByName.remove(device.getValue().name);
                index.release(device.getKey(), login.id());
                each.remove();
                LOG.info("{}: device '{}' ({}) left its device list", login.id(), device.getValue().name, device.getKey());
            }
        }
        return events;
    }

    private ObjectNode listedMeta(ListedDevice device) {
        ObjectNode meta = WireJson.mapper().valueToTree(device.meta());
        device.vendor().ifPresent(vendor -> meta.put("vendor", vendor));
        device.description().ifPresent(description -> meta.put("description", description));
        return describedAs(meta, device.name(), Optional.of(device.address()));
    }

    /** The meta with where the device comes from; the hub reads it back after a restart. */
    private ObjectNode describedAs(ObjectNode meta, String nativeName, Optional<String> address) {
        ObjectNode origin = meta.putObject(Adapters.ORIGIN_FIELD)
                .put("protocol", profile.protocol().configName())
                .put("login", login.username())
                .put("name", nativeName);
        address.ifPresent(value -> origin.put("address", value));
        return meta;
    }

    /** The meta's relays as the device says: power alone, or power1..n, each with its name; none, no commands. */
    private void relays(ObjectNode meta, int count, List<Optional<String>> names) {
        ObjectNode attributes = meta.withObjectProperty("attributes");
        JsonNode relay = profile.meta().map(declared -> (ObjectNode) WireJson.mapper().valueToTree(declared))
                .map(declared -> declared.path("attributes").path(TasmotaDiscovery.RELAY)).orElse(NODES.missingNode());
        List<String> stale = new ArrayList<>();
        attributes.fieldNames().forEachRemaining(name -> {
            if (TasmotaDiscovery.isRelayAttribute(name)) {
                stale.add(name);
            }
        });
        attributes.remove(stale);
        for (int n = 1; n <= count; n++) {
            ObjectNode attribute = relay.isObject() ? ((ObjectNode) relay).deepCopy()
                    : NODES.objectNode().put("type", AttributeType.BOOLEAN.wire()).put("settable", true);
            names.get(n - 1).ifPresent(name -> attribute.put("name", name));
            attributes.set(TasmotaDiscovery.relayAttribute(n, count), attribute);
        }
        if (count == 0) {
            meta.remove("commands"); // nothing to switch: a sensor-only device
        }
    }

    /**
     * The attributes and commands of the kinds of output the config lists (a light's brightness and set_brightness, a
     * shutter's position and open...), for each of its numbers; those of a kind it no longer lists go.
     */
    private void kinds(ObjectNode meta, Map<String, List<Integer>> present) {
        Map<String, Discovery.Kind> kinds = profile.discovery().map(Discovery::kinds).orElse(Map.of());
        ObjectNode attributes = meta.withObjectProperty("attributes");
        Set<String> kindCommands = new HashSet<>();
        List<String> stale = new ArrayList<>();
        for (Discovery.Kind kind : kinds.values()) {
            kind.commands().forEach(command -> kindCommands.add(command.name()));
            attributes.fieldNames().forEachRemaining(name -> {
                if (kind.attributes().keySet().stream().anyMatch(template -> numbered(template).matcher(name).matches())) {
                    stale.add(name);
                }
            });
        }
        attributes.remove(stale);
        if (meta.path("commands").isArray()) {
            ((ArrayNode) meta.get("commands")).removeIf(command -> kindCommands.contains(command.isTextual() ? command.asText()
                    : command.path("name").asText()));
        }
        kinds.forEach((name, kind) -> {
            List<Integer> numbers = present.getOrDefault(name, List.of());
            for (int n : numbers) {
                kind.attributes().forEach((template, attribute) -> attributes.set(template.render(Map.of("n", String.valueOf(n))),
                        WireJson.mapper().valueToTree(attribute)));
            }
            if (!numbers.isEmpty()) {
                kind.commands().forEach(command -> meta.withArrayProperty("commands").add(WireJson.mapper().valueToTree(command)));
            }
        });
    }

    /** An attribute name of the template, whatever number its {n} is. */
    private static Pattern numbered(Template template) {
        StringBuilder regex = new StringBuilder();
        template.parts().forEach(part -> regex.append(part.literal() != null ? Pattern.quote(part.literal()) : "[0-9]*"));
        return Pattern.compile(regex.toString());
    }

    /** The bridge's connection came or went. */
    @Override
    public synchronized List<DeviceEvent> connected(boolean up) {
        connected = up;
        if (up) {
            bridgeOnline = true; // a new connection: the bridge says otherwise on its state topic
        }
        List<DeviceEvent> events = new ArrayList<>();
        if (isBridge()) {
            byId.keySet().forEach(id -> availability(id, events));
        }
        return events;
    }

    /** A device behind a bridge is there while the bridge is connected and online, unless it said it is not. */
    private void availability(String id, List<DeviceEvent> events) {
        Spoken device = byId.get(id);
        boolean online = connected && bridgeOnline && device.reportedOnline.orElse(true);
        if (!device.shownOnline.equals(Optional.of(online))) {
            device.shownOnline = Optional.of(online);
            events.add(new DeviceEvent.Availability(id, online));
        }
    }

    /**
     * Whether the device takes commands now, as far as the login says: one behind a bridge that said it is offline
     * (a Zigbee end device asleep) does not, nor do the devices of a bridge that said it is offline itself.
     */
    @Override
    public synchronized boolean reachable(String id) {
        Spoken device = byId.get(id);
        return !isBridge() || device == null || bridgeOnline && device.reportedOnline.orElse(true);
    }

    /** The command as a native publish; the device's next report naming what it affects confirms it. */
    @Override
    public synchronized NativePublish command(CommandRequest request, byte[] correlation) throws CommandRefused {
        Spoken device = byId.get(request.deviceId());
        if (device == null) {
            throw new CommandRefused(login.id() + " does not speak for " + request.deviceId() + " (any more)");
        }
        CommandRule rule = profile.commands().get(request.command());
        Set<String> declared = commandsOf(device);
        if (rule == null || !declared.contains(request.command())) {
            throw new CommandRefused(request.deviceId() + " (" + profile.protocol().configName() + ") has no command '"
                    + request.command() + "'; it has " + declared);
        }
        ObjectNode args = rule.defaults();
        args.setAll(request.args());
        Map<String, String> values = new HashMap<>();
        values.put("topic", login.topic());
        values.put("name", device.name);
        Iterator<Map.Entry<String, JsonNode>> each = args.fields();
        while (each.hasNext()) {
            Map.Entry<String, JsonNode> arg = each.next();
            values.put("args." + arg.getKey(), argumentText(request, arg.getKey(), arg.getValue(), rule));
        }
        if (rule.payload() instanceof CommandRule.Payload.Text text) {
            for (Template.Part part : text.text().parts()) {
                if (part.placeholder() != null && !values.containsKey(part.placeholder())) {
                    throw new CommandRefused(request.command() + " needs argument '"
                            + part.placeholder().substring("args.".length()) + "'");
                }
            }
        }
        requireDeclaredTypes(request, device);
        String topic = rule.topic().render(values);
        if (rule.payload() instanceof CommandRule.Payload.Rpc call) {
            // the device answers this very request: its reply, not a report, completes the command
            return new NativePublish(topic, rpc.orElseThrow().request(request.deviceId(), correlation, call.method(),
                    withArguments(request, call.params(), args), request.timeout()));
        }
        Set<String> confirm = new LinkedHashSet<>();
        if (rule.confirm() instanceof CommandRule.Confirm.Attributes attributes) {
            attributes.attributes().forEach(template -> confirm.add(template.render(values)));
        } else {
            args.fieldNames().forEachRemaining(confirm::add);
        }
        confirm.remove("");
        confirmations.expect(request.deviceId(), correlation, confirm, request.timeout());
        return new NativePublish(topic, payload(rule.payload(), args, values));
    }

    /** An RPC request's params with each text {@code $args.NAME} replaced by that argument's value. */
    private static JsonNode withArguments(CommandRequest request, JsonNode params, ObjectNode args) throws CommandRefused {
        if (params.isTextual() && params.textValue().startsWith(CommandRule.Payload.Rpc.ARG)) {
            String name = params.textValue().substring(CommandRule.Payload.Rpc.ARG.length());
            if (!args.has(name) || args.get(name).isNull()) {
                throw new CommandRefused(request.command() + " needs argument '" + name + "'");
            }
            return args.get(name).deepCopy();
        }
        if (params.isObject()) {
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.set(field.getKey(), withArguments(request, field.getValue(), args));
            }
            return out;
        }
        return params.deepCopy();
    }

    /** Each argument the device's meta gives a number type must be a number: a native device takes words as commands. */
    private static void requireDeclaredTypes(CommandRequest request, Spoken device) throws CommandRefused {
        for (JsonNode command : device.meta.path("commands")) {
            if (!command.path("name").asText().equals(request.command())) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> declared = command.path("args").fields();
            while (declared.hasNext()) {
                Map.Entry<String, JsonNode> arg = declared.next();
                JsonNode value = request.args().path(arg.getKey());
                String type = arg.getValue().path("type").asText();
                boolean wrong = switch (type) {
                    case "integer" -> !value.isMissingNode() && !value.canConvertToExactIntegral();
                    case "number" -> !value.isMissingNode() && !value.isNumber();
                    default -> false;
                };
                if (wrong || type.equals("integer") && value.isBoolean()) {
                    throw new CommandRefused("argument '" + arg.getKey() + "' of " + request.command() + " is "
                            + (type.equals("integer") ? "an " : "a ") + type + ", got " + value);
                }
            }
        }
    }

    private static Set<String> commandsOf(Spoken device) {
        Set<String> names = new LinkedHashSet<>();
        device.meta.path("commands").forEach(command -> names.add(command.isTextual() ? command.asText() : command.path("name").asText()));
        return names;
    }

    /**
     * An argument's text where a template uses it: a plain word or number, never a topic level of its own, nor a
     * second command in a plain-text payload (Tasmota reads {@code 50;Power OFF} as two).
     */
    private static String argumentText(CommandRequest request, String name, JsonNode value, CommandRule rule) throws CommandRefused {
        String text = value.isTextual() ? value.textValue() : value.toString();
        boolean inTopic = rule.topic().uses("args." + name);
        boolean inText = rule.payload() instanceof CommandRule.Payload.Text payload && payload.text().uses("args." + name);
        if ((inTopic || inText) && (!value.isValueNode() || text.isEmpty() || text.length() > MAX_TOPIC_ARGUMENT
                || !text.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.'
                && !inTopic))) {
            throw new CommandRefused("argument '" + name + "' of " + request.command() + " goes into the "
                    + (inTopic ? "topic" : "payload") + ", so it is a plain number or word (letters, digits, '_', '-'), got " + value);
        }
        return text;
    }

    private static byte[] payload(CommandRule.Payload payload, ObjectNode args, Map<String, String> values) {
        if (payload instanceof CommandRule.Payload.Text text) {
            return text.text().render(values).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (payload instanceof CommandRule.Payload.Json json) {
            return WireJson.toBytes(json.json());
        }
        return WireJson.toBytes(args);
    }

    @Override
    public int waitingConfirmations() {
        synchronized (this) {
            return confirmations.waiting() + rpc.map(RpcCalls::waiting).orElse(0);
        }
    }

    /** RPC answers taken that no request waited for (late, or not the hub's); read without the lock. */
    @Override
    public long unmatchedReplies() {
        return rpc.map(RpcCalls::unmatched).orElse(0L);
    }

    private static List<String> render(List<Template> templates, Map<String, String> values) {
        return templates.stream().map(template -> template.render(values)).toList();
    }

    /** A topic the hub sends this login commands on (any device's), to see from its subscriptions that it takes them. */
    private String commandTopic() {
        return profile.commands().values().stream().findFirst()
                .map(rule -> rule.topic().render(Map.of("topic", login.topic(), "name", "hearth-probe")))
                .orElse(login.topic());
    }
}
