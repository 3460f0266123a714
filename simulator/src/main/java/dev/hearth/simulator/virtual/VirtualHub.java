package dev.hearth.simulator.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.CommandSink;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.StateView;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.link.DeviceLink;
import dev.hearth.simulator.link.DeviceTransport;
import dev.hearth.simulator.link.LinkSettings;
import dev.hearth.simulator.link.NetworkFaults;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.MergedState;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The hub's part, in memory, for runs on virtual time: devices' links end here instead of at a
 * broker. Reports merge into a state store (a {@link StateView} for the rules, told of each
 * changed attribute as the real hub's store is), by the same {@link MergedState} and so within the
 * same limits as the real hub's; the rules' commands ({@link CommandSink}) go
 * straight to the device's handler and its reply comes back as {@link CommandResult.Replied}. A
 * command to a device that is not connected gets no reply: the rule sees its timeout pass, as on
 * the real hub. Everything runs on {@code scheduler}: give it virtual time.
 */
public final class VirtualHub implements DeviceTransport, StateView, CommandSink {
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, VirtualLink> links = new ConcurrentHashMap<>();
    private final Map<String, MergedState> reported = new ConcurrentHashMap<>();
    private final Map<String, List<View>> views = new ConcurrentHashMap<>();
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<AvailabilityListener> availabilityListeners = new CopyOnWriteArrayList<>();

    /** Told when a device comes online or goes offline, as the hub learns it from status topics and last wills. */
    @FunctionalInterface
    public interface AvailabilityListener {
        void onAvailability(String deviceId, boolean online, Instant at);
    }

    /** What {@code GET /api/devices/{id}} would have shown from {@code at} on: id, availability, state. */
    public record View(Instant at, ObjectNode body) {
        public View {
            Objects.requireNonNull(at, "at");
            body = body.deepCopy();
        }

        @Override
        public ObjectNode body() {
            return body.deepCopy();
        }
    }

    public VirtualHub(Clock clock, ScheduledExecutorService scheduler) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Told of each attribute that changed, as the rule engine wants it. */
    public void onChange(Consumer<StateChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void onAvailability(AvailabilityListener listener) {
        availabilityListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public DeviceLink open(LinkSettings settings, SimulationContext context) {
        VirtualLink link = new VirtualLink(settings);
        links.put(settings.deviceId(), link);
        return link;
    }

    @Override
    public Optional<JsonNode> attribute(String deviceId, String attribute) {
        MergedState state = reported.get(deviceId);
        synchronized (this) {
            return state == null ? Optional.empty() : state.attribute(attribute);
        }
    }

    @Override
    public CompletionStage<CommandResult> send(CommandRequest request) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        VirtualLink link = links.get(request.deviceId());
        if (link == null || !link.reachable()) {
            String why = link == null ? "unknown device " + request.deviceId() : request.deviceId() + " is offline";
            scheduler.schedule(() -> result.complete(new CommandResult.NoReply("no reply within the timeout: " + why)),
                    request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            return result;
        }
        // The device answers on its own time, after the rule has sent: as over MQTT, not re-entrantly.
        scheduler.execute(() -> {
            CommandReply reply = link.handle(request.command(), request.args());
            result.complete(new CommandResult.Replied(reply.ok(), Optional.ofNullable(reply.result()), Optional.ofNullable(reply.error())));
        });
        return result;
    }

    /** Raw bytes from a device on one of its topics: parsed as the hub would, refused when not a JSON object or past the state's limits. */
    public void publishRaw(String deviceId, TopicKind kind, byte[] payload) {
        ObjectNode object;
        try {
            object = WireJson.parseObject(payload);
        } catch (WireJson.InvalidPayloadException e) {
            refused.add(deviceId + " " + kind.segment() + ": " + e.getMessage());
            return;
        }
        if (kind == TopicKind.STATE) {
            merge(deviceId, object);
        }
    }

    /** Payloads refused so far, with the device, topic kind and why. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    /** What the API would have shown for the device over time, oldest first. */
    public List<View> views(String deviceId) {
        return List.copyOf(views.getOrDefault(deviceId, List.of()));
    }

    /** As the real hub merges: the same limits, and a report past them is refused whole. */
    private void merge(String deviceId, ObjectNode partial) {
        List<StateChange> changes = new ArrayList<>();
        Instant at = clock.instant();
        synchronized (this) {
            MergedState state = reported.computeIfAbsent(deviceId, id -> new MergedState());
            try {
                for (MergedState.Change change : state.merge(partial)) {
                    changes.add(new StateChange(deviceId, change.attribute(), change.previous(), change.current(), at));
                }
            } catch (WireJson.InvalidPayloadException e) {
                refused.add(deviceId + " " + TopicKind.STATE.segment() + ": " + e.getMessage());
                return;
            }
        }
        if (!changes.isEmpty()) {
            recordView(deviceId);
        }
        changes.forEach(change -> listeners.forEach(listener -> listener.accept(change)));
    }

    private void availability(String deviceId, boolean online) {
        recordView(deviceId);
        Instant at = clock.instant();
        availabilityListeners.forEach(listener -> listener.onAvailability(deviceId, online, at));
    }

    private synchronized void recordView(String deviceId) {
        VirtualLink link = links.get(deviceId);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("id", deviceId)
                .put("availability", link != null && link.reachable() ? "online" : "offline");
        MergedState state = reported.get(deviceId);
        body.set("state", state == null ? JsonNodeFactory.instance.objectNode() : state.copy());
        views.computeIfAbsent(deviceId, id -> new CopyOnWriteArrayList<>()).add(new View(clock.instant(), body));
    }

    /** One device's link to this hub; mirrors what the SDK does over MQTT (whole state on connect, held while away). */
    private final class VirtualLink implements DeviceLink, NetworkFaults {
        private final LinkSettings settings;
        private final ObjectNode state;
        private boolean connected;
        private boolean cut;

        VirtualLink(LinkSettings settings) {
            this.settings = settings;
            this.state = settings.initialState();
        }

        synchronized boolean reachable() {
            return connected && !cut;
        }

        @Override
        public void connect() {
            ObjectNode whole;
            synchronized (this) {
                connected = true;
                whole = state.deepCopy();
            }
            if (!cut) {
                arrive(whole);
            }
        }

        /** As the SDK does on every connect: state first, then {@code online}. */
        private void arrive(ObjectNode whole) {
            merge(settings.deviceId(), whole);
            availability(settings.deviceId(), true);
        }

        @Override
        public void report(ObjectNode partial) {
            ObjectNode whole;
            synchronized (this) {
                state.setAll(partial.deepCopy());
                if (!connected || cut) {
                    return; // held: the whole state goes out on reconnect
                }
                whole = state.deepCopy();
            }
            merge(settings.deviceId(), whole);
        }

        @Override
        public synchronized boolean isConnected() {
            return reachable();
        }

        @Override
        public void close() {
            boolean was;
            synchronized (this) {
                was = connected && !cut;
                connected = false;
            }
            if (was) {
                availability(settings.deviceId(), false);
            }
        }

        @Override
        public NetworkFaults faults() {
            return this;
        }

        @Override
        public void cut() {
            boolean was;
            synchronized (this) {
                was = connected && !cut;
                cut = true;
            }
            if (was) {
                availability(settings.deviceId(), false); // the broker's last will
            }
        }

        @Override
        public void restore() {
            ObjectNode whole;
            synchronized (this) {
                cut = false;
                if (!connected) {
                    return;
                }
                whole = state.deepCopy();
            }
            arrive(whole);
        }

        CommandReply handle(String name, ObjectNode args) {
            CommandHandler handler = settings.commands().get(name);
            if (handler == null) {
                return CommandReply.failure("unknown command '" + name + "'");
            }
            try {
                CommandReply reply = handler.handle(new Command(name, args));
                return reply == null ? CommandReply.failure("the handler gave no reply") : reply;
            } catch (Exception e) {
                return CommandReply.failure(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }
}
