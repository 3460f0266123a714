package dev.hearth.hub.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.broker.NativeOutcome;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.StateChange;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of Home Assistant MQTT discovery. It publishes, retained, each device's discovery configs
 * ({@link DiscoveryConfigs}) and the values and availability they name, and the hub's own availability:
 * {@code online} at start and {@code offline} when it stops. Being the broker's own process, the hub has no
 * connection to leave a last will on; when the process dies, the broker dies with it and Home Assistant's
 * connection drops, which makes its entities unavailable all the same. A new device's configs go out when its
 * meta arrives, a removed entity's (or device's) are emptied, and all go out again after Home Assistant's
 * birth message, after a random delay. Home Assistant's commands become the device's canonical commands.
 */
public final class HomeAssistantDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeAssistantDiscovery.class);
    /** How long a command from Home Assistant waits for its device's reply (nobody waits for it but the log). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_PUBLISH_WAIT = Duration.ofSeconds(2);
    private static final byte[] EMPTY = new byte[0];
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Puts a message on the broker (QoS 1). */
    @FunctionalInterface
    public interface Publisher {
        CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain);
    }

    /** Sends a canonical command, as a rule or the API does. */
    @FunctionalInterface
    public interface Commands {
        CompletionStage<CommandResult> send(CommandRequest request);
    }

    /** Sets a Hearth device's desired state, as a rule's {@code desired:} does. */
    @FunctionalInterface
    public interface DesiredStates {
        void set(String deviceId, ObjectNode desired);
    }

    private final HaTopics topics;
    private final DiscoveryConfigs configs;
    private final DeviceStateStore store;
    private final Publisher publisher;
    private final Commands commands;
    private final DesiredStates desired;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Duration> republishDelay;
    /** What was published for each device: its entities by discovery topic. */
    private final Map<String, Map<String, Entity>> published = new ConcurrentHashMap<>();
    /** The command topics Home Assistant was given, with their device and what they do. */
    private final Map<String, Target> commandTopics = new ConcurrentHashMap<>();
    private final AtomicBoolean republishPending = new AtomicBoolean();

    private record Target(String deviceId, Control control) {
    }

    /**
     * @param republishDelay how long to wait after Home Assistant's birth (random and bounded in the hub; fixed in
     *                       tests)
     */
    public HomeAssistantDiscovery(HaTopics topics, DiscoveryConfigs configs, DeviceStateStore store, Publisher publisher,
                                  Commands commands, DesiredStates desired, ScheduledExecutorService scheduler,
                                  Supplier<Duration> republishDelay) {
        this.topics = topics;
        this.configs = configs;
        this.store = store;
        this.publisher = publisher;
        this.commands = commands;
        this.desired = desired;
        this.scheduler = scheduler;
        this.republishDelay = republishDelay;
    }

    /** The hub is online, and every device it knows is published. Call once the broker runs. */
    public void start() {
        send(HaTopics.HUB_AVAILABILITY, HaTopics.ONLINE);
        publishAll();
    }

    /** Every device's configs, availability and values, again. */
    public synchronized void publishAll() {
        store.snapshots().forEach(device -> publishDevice(device, true));
    }

    /** What Home Assistant's login may use: its birth and command topics, the discovery prefix and the hub's tree for it. */
    public NativeAccess access() {
        return new NativeAccess(topics.publishFilters(), topics.subscribeFilters(), List.of(),
                HaTopics.HUB_AVAILABILITY);
    }

    /** A device's meta arrived or changed (empty: the device was removed). */
    public synchronized void onMeta(String deviceId, Optional<ObjectNode> meta) {
        if (meta.isEmpty()) {
            removeDevice(deviceId);
            return;
        }
        store.snapshot(deviceId).ifPresent(device -> publishDevice(device, false));
    }

    public void onStateChange(StateChange change) {
        if (hasState(change.deviceId(), change.attribute())) {
            sendValue(change.deviceId(), change.attribute(), change.current());
        }
    }

    /** Measurements are values too: a sensor's number often comes only as telemetry. */
    public void onMeasured(String deviceId, ObjectNode measurements) {
        measurements.fields().forEachRemaining(field -> {
            if (hasState(deviceId, field.getKey())) {
                sendValue(deviceId, field.getKey(), field.getValue());
            }
        });
    }

    public void onAvailability(String deviceId, DeviceSnapshot.Availability availability, Instant at) {
        if (published.containsKey(deviceId)) {
            send(HaTopics.availability(deviceId), availability == DeviceSnapshot.Availability.ONLINE ? HaTopics.ONLINE : HaTopics.OFFLINE);
        }
    }

    /** One publish of Home Assistant's login: its birth, or a command. */
    public NativeOutcome take(String topic, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        HaTopics.Inbound inbound = topics.read(topic);
        if (inbound instanceof HaTopics.Inbound.Birth) {
            if (text.equals(HaTopics.ONLINE)) {
                scheduleRepublish();
            }
            return new NativeOutcome.Taken(List.of());
        }
        if (inbound instanceof HaTopics.Inbound.Command command) {
            Target target = commandTopics.get(command.commandTopic());
            if (target == null) {
                return new NativeOutcome.Refused("unknown_entity", topic + ": no entity of the hub's takes commands here");
            }
            return act(topic, target, text);
        }
        return new NativeOutcome.Outside();
    }

    @Override
    public void close() {
        try {
            send(HaTopics.HUB_AVAILABILITY, HaTopics.OFFLINE).get(STOP_PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("could not publish the hub's offline for Home Assistant: {}", e.toString());
        }
    }

    /** Several births while one re-publish waits are one re-publish. */
    private void scheduleRepublish() {
        if (republishPending.compareAndSet(false, true)) {
            Duration delay = republishDelay.get();
            LOG.info("Home Assistant came online: publishing the discovery configs again in {} ms", delay.toMillis());
            scheduler.schedule(() -> {
                republishPending.set(false);
                try {
                    publishAll();
                } catch (RuntimeException e) {
                    LOG.error("failed to publish the discovery configs again", e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private NativeOutcome act(String topic, Target target, String payload) {
        Control control = target.control();
        if (control instanceof Control.Press press) {
            if (!payload.equals(DiscoveryConfigs.PAYLOAD_PRESS)) {
                return invalid(topic, payload, DiscoveryConfigs.PAYLOAD_PRESS);
            }
            command(target.deviceId(), press.command(), NODES.objectNode());
            return new NativeOutcome.Taken(List.of());
        }
        boolean on;
        if (payload.equals(DiscoveryConfigs.PAYLOAD_ON)) {
            on = true;
        } else if (payload.equals(DiscoveryConfigs.PAYLOAD_OFF)) {
            on = false;
        } else {
            return invalid(topic, payload, DiscoveryConfigs.PAYLOAD_ON + " or " + DiscoveryConfigs.PAYLOAD_OFF);
        }
        if (control instanceof Control.CommandPair pair) {
            command(target.deviceId(), on ? pair.on() : pair.off(), pair.channel()
                    .map(channel -> NODES.objectNode().put(channel.argument(), channel.number())).orElse(NODES.objectNode()));
        } else if (control instanceof Control.SetCommand set) {
            command(target.deviceId(), "set", NODES.objectNode().put(set.attribute(), on));
        } else if (control instanceof Control.DesiredState state) {
            desired.set(target.deviceId(), NODES.objectNode().put(state.attribute(), on));
        }
        return new NativeOutcome.Taken(List.of());
    }

    private static NativeOutcome invalid(String topic, String payload, String expected) {
        return new NativeOutcome.Refused("invalid_value", topic + ": '" + abbreviated(payload) + "', expected " + expected);
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private void command(String deviceId, String name, ObjectNode args) {
        commands.send(new CommandRequest(deviceId, name, args, COMMAND_TIMEOUT, "homeassistant")).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("Home Assistant's command {}.{} failed: {}", deviceId, name, error.toString());
            } else if (!(result instanceof CommandResult.Replied replied && replied.ok())) {
                LOG.warn("Home Assistant's command {}.{}: {}", deviceId, name, result);
            }
        });
    }

    /** The device's configs as its meta says now; {@code all} publishes unchanged ones too (after a birth). */
    private void publishDevice(DeviceSnapshot device, boolean all) {
        Map<String, Entity> now = new LinkedHashMap<>();
        device.meta().ifPresent(meta -> configs.of(device.id(), meta).forEach(entity -> now.put(entity.discoveryTopic(), entity)));
        Map<String, Entity> before = published.getOrDefault(device.id(), Map.of());
        if (now.isEmpty() && before.isEmpty()) {
            return;
        }
        before.forEach((topic, entity) -> {
            if (!now.containsKey(topic)) {
                publisher.publish(topic, EMPTY, true);
                entity.commandTopic().ifPresent(commandTopics::remove);
            }
        });
        // availability and values first, so that a new entity is never shown unavailable or unknown for nothing
        send(HaTopics.availability(device.id()),
                device.availability() == DeviceSnapshot.Availability.ONLINE ? HaTopics.ONLINE : HaTopics.OFFLINE);
        published.put(device.id(), now);
        now.values().forEach(entity -> entity.stateAttribute().ifPresent(attribute -> {
            JsonNode value = device.reported().get(attribute);
            if (value != null) {
                sendValue(device.id(), attribute, value);
            }
        }));
        now.forEach((topic, entity) -> {
            entity.commandTopic().ifPresent(commandTopic -> entity.control().ifPresent(control ->
                    commandTopics.put(commandTopic, new Target(device.id(), control))));
            if (all || !entity.equals(before.get(topic))) {
                publisher.publish(topic, WireJson.toBytes(entity.config()), true);
            }
        });
    }

    private void removeDevice(String deviceId) {
        Map<String, Entity> before = published.remove(deviceId);
        if (before == null) {
            return;
        }
        before.forEach((topic, entity) -> {
            publisher.publish(topic, EMPTY, true);
            entity.commandTopic().ifPresent(commandTopics::remove);
            entity.stateAttribute().ifPresent(attribute -> publisher.publish(HaTopics.state(deviceId, attribute), EMPTY, true));
        });
        publisher.publish(HaTopics.availability(deviceId), EMPTY, true);
        LOG.info("device {} removed: its {} Home Assistant entities with it", deviceId, before.size());
    }

    private boolean hasState(String deviceId, String attribute) {
        Map<String, Entity> entities = published.get(deviceId);
        return entities != null && entities.values().stream().anyMatch(entity -> entity.stateAttribute().equals(Optional.of(attribute)));
    }

    /** ON/OFF for a boolean, a number or a text as it is; a value of another kind (an object) has no entity. */
    private void sendValue(String deviceId, String attribute, JsonNode value) {
        Optional<String> text = stateText(value);
        if (text.isPresent()) {
            send(HaTopics.state(deviceId, attribute), text.get());
        } else if (value.isNull() || value.isMissingNode()) {
            publisher.publish(HaTopics.state(deviceId, attribute), EMPTY, true);
        }
    }

    static Optional<String> stateText(JsonNode value) {
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue() ? DiscoveryConfigs.PAYLOAD_ON : DiscoveryConfigs.PAYLOAD_OFF);
        }
        if (value.isNumber()) {
            return Optional.of(value.asText());
        }
        return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private CompletableFuture<Void> send(String topic, String payload) {
        return publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), true);
    }
}
