package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.discovery.AvailabilityTopic;
import dev.hearth.hub.adapters.discovery.ConfigReader;
import dev.hearth.hub.adapters.discovery.ConfigRefused;
import dev.hearth.hub.adapters.discovery.DeviceInfo;
import dev.hearth.hub.adapters.discovery.EntityConfig;
import dev.hearth.hub.adapters.discovery.EntityValues;
import dev.hearth.hub.adapters.discovery.JsonAttributes;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.broker.TopicFilters;
import dev.hearth.rules.CommandRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A login whose device announces itself by Home Assistant MQTT discovery (ESPHome's default): its retained configs
 * on {@code homeassistant/<component>/<topic>/<object_id>/config} say which of its topics carry which entity's
 * state and take which commands; each entity becomes an attribute of a Hearth device, and the configs'
 * {@code device.identifiers} group the entities into devices. The login's own device is the one its configs name
 * by the login's node id or id ({@code garage-node}, or ESPHome's friendly name "Garage Node"), and the one of
 * entities that name no device; any other device named is spoken for as a bridge's device is, its id from its
 * name. A config naming a topic outside {@code <topic>/} is refused; an empty config removes its entity.
 * One lock, as for {@link LoginSession}: a login's messages come in order.
 */
final class DiscoverySession implements NativeSession {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoverySession.class);
    /** ESPHome's and Home Assistant's default discovery prefix. */
    static final String PREFIX = "homeassistant";
    static final String TYPE = "ha-discovery";

    private final NativeLogin login;
    private final DeviceIndex index;
    private final Confirmations confirmations;
    private final NativeAccess access;
    private final Map<String, Entity> byConfigTopic = new LinkedHashMap<>();
    /** State topics (and availability topics) to the entities they feed: a JSON state topic may feed several. */
    private final Map<String, List<Entity>> byStateTopic = new HashMap<>();
    private final Map<String, List<Entity>> byAvailabilityTopic = new HashMap<>();
    private final Map<String, List<Entity>> byJsonAttributesTopic = new HashMap<>();
    private final Map<String, Boolean> availabilityValues = new HashMap<>();
    private final Map<String, Discovered> byId = new LinkedHashMap<>();
    private final Map<String, String> idByKey = new HashMap<>();
    private boolean connected;

    /** An entity of a config, as an attribute of a Hearth device. */
    private record Entity(String configTopic, EntityConfig config, String deviceId, String attribute) {
    }

    /** A device the login speaks for: its entities by attribute, the meta they make, what the hub was last told. */
    private static final class Discovered {
        private final Map<String, Entity> entities = new LinkedHashMap<>();
        private Optional<DeviceInfo> info = Optional.empty();
        private ObjectNode meta;
        private Optional<Boolean> shownOnline = Optional.empty();
        /** By entity attribute: the fields its json_attributes_topic reported, with their meta types. */
        private final Map<String, Map<String, String>> jsonAttributes = new LinkedHashMap<>();

        Discovered(ObjectNode meta) {
            this.meta = meta;
        }
    }

    DiscoverySession(NativeLogin login, DeviceIndex index, Clock clock) {
        this.login = login;
        this.index = index;
        this.confirmations = new Confirmations(clock);
        String node = login.topic();
        this.access = new NativeAccess(List.of(PREFIX + "/+/" + node + "/+/config", node + "/#"),
                List.of(node + "/#", PREFIX + "/status"), List.of(), node + "/"); // ESPHome subscribes to each command topic
        index.own(login.id(), login.id());
        Discovered own = new Discovered(JsonNodeFactory.instance.objectNode());
        byId.put(login.id(), own);
        own.meta = meta(own);
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
        return true;
    }

    @Override
    public synchronized List<DeviceEvent> declared() {
        List<DeviceEvent> events = new ArrayList<>();
        byId.forEach((id, device) -> events.add(new DeviceEvent.Described(id, device.meta.deepCopy())));
        return events;
    }

    @Override
    public synchronized void restore(String id, String name, ObjectNode meta) {
        if (!byId.containsKey(id) && index.claim(id, login.id())) {
            byId.put(id, new Discovered(meta.deepCopy())); // until its configs come again
        }
    }

    @Override
    public synchronized void learnt(ObjectNode storedMeta) {
        Discovered own = byId.get(login.id());
        if (own.entities.isEmpty() && storedMeta.path("attributes").isObject()) {
            own.meta = storedMeta.deepCopy(); // rules naming its entities load before it announces them again
        }
    }

    @Override
    public synchronized Set<String> devices() {
        return Set.copyOf(byId.keySet());
    }

    @Override
    public synchronized Optional<String> nativeName(String deviceId) {
        Discovered device = byId.get(deviceId);
        return device == null ? Optional.empty()
                : Optional.of(device.info.flatMap(DeviceInfo::name).orElse(login.topic()));
    }

    @Override
    public synchronized Reading take(String topic, byte[] payload) {
        if (access.publish().stream().noneMatch(filter -> TopicFilters.matches(filter, topic))) {
            return new Reading.Outside();
        }
        try {
            if (topic.startsWith(PREFIX + "/")) {
                String[] levels = topic.split("/", -1);
                return new Reading.Events(configured(topic, levels[1], levels[3], payload));
            }
            List<DeviceEvent> events = new ArrayList<>();
            if (byAvailabilityTopic.containsKey(topic)) {
                events.addAll(availability(topic, payload));
            }
            if (byStateTopic.containsKey(topic) || byJsonAttributesTopic.containsKey(topic)) {
                events.addAll(state(topic, payload));
            }
            return new Reading.Events(events); // in its tree and no entity's: ESPHome's debug topics, a birth before configs
        } catch (ConfigRefused refused) {
            return new Reading.Refused(refused.reason(), refused.getMessage());
        } catch (Refusal refusal) {
            return new Reading.Refused(refusal.reason(), refusal.getMessage());
        }
    }

    /** A config, new, changed in place, or emptied (the entity goes). */
    private List<DeviceEvent> configured(String topic, String component, String objectId, byte[] payload)
            throws ConfigRefused {
        List<DeviceEvent> events = new ArrayList<>();
        Entity old = byConfigTopic.get(topic);
        if (payload.length == 0) {
            if (old != null) {
                forget(old, events, true);
                describe(old.deviceId(), events);
                LOG.info("{}: entity {} removed (its config {} was emptied)", login.id(), old.attribute(), topic);
            }
            return events;
        }
        EntityConfig config = ConfigReader.read(topic, component, objectId, payload, this::ownTopic);
        String deviceId = deviceFor(topic, config.device());
        String attribute = attributeName(config.objectId());
        Entity taken = byId.get(deviceId).entities.get(attribute);
        if (taken != null && !taken.configTopic().equals(topic)) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, topic + ": object_id '" + config.objectId() + "' is '"
                    + attribute + "' of " + deviceId + ", which " + taken.configTopic() + " already is");
        }
        Entity entity = new Entity(topic, config, deviceId, attribute);
        if (old != null) {
            if (old.equals(entity)) {
                return events; // the same config again (a reconnect): nothing changed
            }
            boolean moved = !old.attribute().equals(attribute) || !old.deviceId().equals(deviceId);
            forget(old, events, moved, moved || !old.config().jsonAttributes().equals(config.jsonAttributes()));
            if (!old.deviceId().equals(deviceId)) {
                describe(old.deviceId(), events);
            }
        }
        byConfigTopic.put(topic, entity);
        Discovered device = byId.get(deviceId);
        device.entities.put(attribute, entity);
        config.device().ifPresent(info -> device.info = Optional.of(device.info.map(known -> known.updatedBy(info)).orElse(info)));
        EntityValues.stateTopics(config).forEach(state -> byStateTopic.computeIfAbsent(state, t -> new ArrayList<>()).add(entity));
        config.jsonAttributes().ifPresent(source ->
                byJsonAttributesTopic.computeIfAbsent(source.topic(), t -> new ArrayList<>()).add(entity));
        config.availability().forEach(each ->
                byAvailabilityTopic.computeIfAbsent(each.topic(), t -> new ArrayList<>()).add(entity));
        describe(deviceId, events);
        return events;
    }

    /**
     * The entity's registrations go; {@code clearState}: its value leaves the device's state too (no ghost). The caller
     * describes the device afterwards, once.
     */
    private void forget(Entity entity, List<DeviceEvent> events, boolean clearState) {
        forget(entity, events, clearState, clearState);
    }

    /** {@code clearJsonAttributes}: the fields its json_attributes_topic reported go from the meta and the state. */
    private void forget(Entity entity, List<DeviceEvent> events, boolean clearState, boolean clearJsonAttributes) {
        byConfigTopic.remove(entity.configTopic());
        Discovered device = byId.get(entity.deviceId());
        device.entities.remove(entity.attribute());
        byStateTopic.values().forEach(list -> list.remove(entity));
        byStateTopic.values().removeIf(List::isEmpty);
        byAvailabilityTopic.values().forEach(list -> list.remove(entity));
        byAvailabilityTopic.values().removeIf(List::isEmpty);
        byJsonAttributesTopic.values().forEach(list -> list.remove(entity));
        byJsonAttributesTopic.values().removeIf(List::isEmpty);
        ObjectNode removed = JsonNodeFactory.instance.objectNode();
        if (clearJsonAttributes) {
            Set<String> fields = device.jsonAttributes.getOrDefault(entity.attribute(), Map.of()).keySet();
            device.jsonAttributes.remove(entity.attribute());
            fields.stream().filter(field -> device.jsonAttributes.values().stream().noneMatch(other -> other.containsKey(field)))
                    .forEach(removed::putNull);
        }
        if (clearState) {
            EntityValues.attributes(entity.config(), entity.attribute()).forEach(removed::putNull);
        }
        if (!removed.isEmpty()) {
            events.add(new DeviceEvent.Reported(entity.deviceId(), removed));
        }
    }

    /** The device's meta from its entities, to the hub when it changed. */
    private void describe(String deviceId, List<DeviceEvent> events) {
        Discovered device = byId.get(deviceId);
        ObjectNode meta = meta(device);
        if (!meta.equals(device.meta)) {
            device.meta = meta;
            events.add(0, new DeviceEvent.Described(deviceId, meta.deepCopy())); // what it is before what it says
        }
    }

    private ObjectNode meta(Discovered device) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode().put("type", TYPE);
        device.info.flatMap(DeviceInfo::manufacturer).ifPresent(vendor -> meta.put("vendor", vendor));
        device.info.flatMap(DeviceInfo::model).ifPresent(model -> meta.put("description", model));
        ObjectNode attributes = meta.putObject("attributes");
        device.entities.values().forEach(entity -> EntityValues.describe(entity.config(), entity.attribute(), attributes));
        device.jsonAttributes.values().forEach(fields -> fields.forEach((field, type) -> {
            if (!attributes.has(field)) {
                attributes.putObject(field).put("type", type);
            }
        }));
        meta.set("commands", EntityValues.commands(device.entities.values().stream().map(Entity::config).toList()));
        ObjectNode origin = meta.putObject(Adapters.ORIGIN_FIELD).put("protocol", login.protocol().configName())
                .put("login", login.username()).put("name", device.info.flatMap(DeviceInfo::name).orElse(login.topic()));
        device.info.ifPresent(info -> origin.put("address", info.key()));
        return meta;
    }

    /**
     * The Hearth device of a config's {@code device}: the login's own when it names none, or names the login (by its
     * node id or id, compared as letters and digits: ESPHome's friendly name "Garage Node" is {@code garage-node});
     * else its own id, from its name as a bridge's device's (refused when taken).
     */
    private String deviceFor(String topic, Optional<DeviceInfo> info) throws ConfigRefused {
        if (info.isEmpty()) {
            return login.id();
        }
        String key = info.get().key();
        String known = idByKey.get(key);
        if (known != null) {
            return known;
        }
        String name = info.get().name().orElse(key);
        String id = sameName(name, login.topic()) || sameName(name, login.id()) ? login.id() : NativeDeviceIds.of(name, key);
        if (!id.equals(login.id()) && !byId.containsKey(id) && !index.claim(id, login.id())
                || byId.containsKey(id) && !id.equals(login.id()) && byId.get(id).info.isPresent()
                && !byId.get(id).info.get().key().equals(key)) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, topic + ": device '" + name + "' would be Hearth device '"
                    + id + "', which is taken (by a device of the config or the database, or another device's name)");
        }
        idByKey.put(key, id);
        byId.computeIfAbsent(id, each -> new Discovered(JsonNodeFactory.instance.objectNode()));
        return id;
    }

    private static boolean sameName(String a, String b) {
        return letters(a).equals(letters(b));
    }

    private static String letters(String name) {
        StringBuilder out = new StringBuilder();
        name.toLowerCase(Locale.ROOT).chars().filter(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
                .forEach(c -> out.append((char) c));
        return out.toString();
    }

    /** An attribute name from an object id: letters, digits and {@code _}, each other run one {@code _}. */
    static String attributeName(String objectId) {
        return EntityValues.attributeName(objectId).orElse("entity");
    }

    private boolean ownTopic(String topic) {
        return topic.startsWith(login.topic() + "/") && topic.length() > login.topic().length() + 1;
    }

    /**
     * A state topic's message: each entity it feeds reads its value, and each entity whose json_attributes_topic it is
     * its fields; what is read is reported, per device.
     */
    private List<DeviceEvent> state(String topic, byte[] payload) throws Refusal {
        Map<String, ObjectNode> byDevice = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> described = new LinkedHashSet<>();
        for (Entity entity : byJsonAttributesTopic.getOrDefault(topic, List.of())) {
            try {
                ObjectNode fields = jsonAttributes(entity, payload, described);
                byDevice.computeIfAbsent(entity.deviceId(), id -> JsonNodeFactory.instance.objectNode()).setAll(fields);
            } catch (EntityValues.Unreadable e) {
                problems.add(e.getMessage());
            }
        }
        for (Entity entity : byStateTopic.getOrDefault(topic, List.of())) {
            try {
                ObjectNode values = EntityValues.read(entity.config(), entity.attribute(), topic, payload);
                byDevice.computeIfAbsent(entity.deviceId(), id -> JsonNodeFactory.instance.objectNode()).setAll(values);
            } catch (EntityValues.Unreadable e) {
                problems.add(e.getMessage());
            }
        }
        byDevice.values().removeIf(ObjectNode::isEmpty);
        if (byDevice.isEmpty() && !problems.isEmpty()) {
            throw new Refusal(Refusal.INVALID_VALUE, topic + ": " + String.join("; ", problems));
        }
        if (!problems.isEmpty()) {
            LOG.debug("{}: {} read in part: {}", login.id(), topic, problems);
        }
        List<DeviceEvent> events = new ArrayList<>();
        byDevice.forEach((id, state) -> {
            events.add(new DeviceEvent.Reported(id, state));
            events.addAll(confirmations.confirmedBy(id, state));
        });
        described.forEach(id -> describe(id, events));
        return events;
    }

    /**
     * The fields of an entity's json_attributes_topic message, but those that would overwrite one of its device's entities;
     * {@code described} gets the device when a field is new to the meta or changed its type.
     */
    private ObjectNode jsonAttributes(Entity entity, byte[] payload, Set<String> described) throws EntityValues.Unreadable {
        Discovered device = byId.get(entity.deviceId());
        ObjectNode fields = JsonAttributes.read(entity.config().jsonAttributes().orElseThrow(), payload);
        device.entities.values().forEach(each -> EntityValues.attributes(each.config(), each.attribute()).forEach(fields::remove));
        Map<String, String> types = device.jsonAttributes.computeIfAbsent(entity.attribute(), each -> new LinkedHashMap<>());
        fields.fields().forEachRemaining(field -> {
            if (!JsonAttributes.type(field.getValue()).equals(types.put(field.getKey(), JsonAttributes.type(field.getValue())))) {
                described.add(entity.deviceId());
            }
        });
        return fields;
    }

    /** An availability topic's message: each device whose entities name it is online or not by their mode. */
    private List<DeviceEvent> availability(String topic, byte[] payload) throws Refusal {
        List<Entity> entities = byAvailabilityTopic.get(topic);
        AvailabilityTopic named = entities.get(0).config().availability().stream()
                .filter(each -> each.topic().equals(topic)).findFirst().orElseThrow();
        String word;
        try {
            word = named.template().read(payload).map(JsonNode::asText).orElse("");
        } catch (dev.hearth.hub.adapters.discovery.ValueTemplate.Unreadable e) {
            throw new Refusal(Refusal.INVALID_VALUE, topic + ": " + e.getMessage());
        }
        if (!word.equals(named.online()) && !word.equals(named.offline())) {
            throw new Refusal(Refusal.INVALID_VALUE, topic + ": '" + new String(payload, StandardCharsets.UTF_8)
                    + "' is neither '" + named.online() + "' nor '" + named.offline() + "'");
        }
        availabilityValues.put(topic, word.equals(named.online()));
        List<DeviceEvent> events = new ArrayList<>();
        new LinkedHashSet<>(entities.stream().map(Entity::deviceId).toList()).forEach(id -> shown(id, Optional.of(topic), events));
        return events;
    }

    /**
     * Whether the device is there: its connection (a login's own device's is the hub's presence) and what its
     * availability topics say, by the {@code availability_mode} of its entities ({@code latest}: the topic that
     * spoke last, {@code all}, {@code any}).
     */
    private void shown(String id, Optional<String> latest, List<DeviceEvent> events) {
        Discovered device = byId.get(id);
        Set<String> topics = new LinkedHashSet<>();
        String mode = "latest";
        for (Entity entity : device.entities.values()) {
            entity.config().availability().forEach(each -> topics.add(each.topic()));
            if (!entity.config().availability().isEmpty()) {
                mode = entity.config().availabilityMode();
            }
        }
        List<Boolean> known = topics.stream().map(availabilityValues::get).filter(java.util.Objects::nonNull).toList();
        boolean said = switch (mode) {
            case "all" -> !known.contains(false);
            case "any" -> known.isEmpty() || known.contains(true);
            default -> latest.map(availabilityValues::get).orElse(!known.contains(false));
        };
        boolean online = (connected || id.equals(login.id())) && said;
        if (id.equals(login.id()) && !connected) {
            return; // the hub's presence says the login's own device is offline once its connection is gone
        }
        if (!device.shownOnline.equals(Optional.of(online))) {
            device.shownOnline = Optional.of(online);
            events.add(new DeviceEvent.Availability(id, online));
        }
    }

    @Override
    public synchronized List<DeviceEvent> connected(boolean up) {
        connected = up;
        List<DeviceEvent> events = new ArrayList<>();
        for (String id : byId.keySet()) {
            if (id.equals(login.id())) {
                byId.get(id).shownOnline = Optional.empty(); // its presence is the hub's; a new connection starts afresh
            } else if (up) {
                shown(id, Optional.empty(), events);
            } else if (!byId.get(id).shownOnline.equals(Optional.of(false))) {
                byId.get(id).shownOnline = Optional.of(false);
                events.add(new DeviceEvent.Availability(id, false));
            }
        }
        return events;
    }

    @Override
    public synchronized NativePublish command(CommandRequest request, byte[] correlation) throws CommandRefused {
        Discovered device = byId.get(request.deviceId());
        if (device == null) {
            throw new CommandRefused(login.id() + " does not speak for " + request.deviceId() + " (any more)");
        }
        Map<String, EntityConfig> entities = new LinkedHashMap<>();
        device.entities.forEach((attribute, entity) -> entities.put(attribute, entity.config()));
        EntityValues.Command command = EntityValues.command(request, entities);
        confirmations.expect(request.deviceId(), correlation, command.confirm(), request.timeout());
        return new NativePublish(command.topic(), command.payload(), command.doneWhenSent());
    }

    /** Its device's commands go out while it is connected: availability is not sleep here. */
    @Override
    public boolean reachable(String deviceId) {
        return true;
    }

    @Override
    public int waitingConfirmations() {
        synchronized (this) {
            return confirmations.waiting();
        }
    }

    @Override
    public long unmatchedReplies() {
        return 0;
    }
}
