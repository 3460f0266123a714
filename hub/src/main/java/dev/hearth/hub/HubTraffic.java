package dev.hearth.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.adapters.DeviceEvent;
import dev.hearth.hub.adapters.Reading;
import dev.hearth.hub.bridges.LinkTraffic;
import dev.hearth.hub.broker.Acknowledgement;
import dev.hearth.hub.broker.DevicePresence;
import dev.hearth.hub.broker.DeviceTraffic;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.broker.NativeOutcome;
import dev.hearth.hub.broker.NativeTraffic;
import dev.hearth.hub.cluster.ClusterFeed;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.homeassistant.HomeAssistantLogins;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.hub.storage.Write;
import dev.hearth.rules.StateChange;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the broker's checked device traffic goes inside the hub. A native login's publishes are
 * first made device events by the adapters, then applied here exactly as a Hearth device's messages
 * are: state merged (only changes fire rules), telemetry stored, availability set, a confirmation
 * completing its command.
 */
final class HubTraffic implements DeviceTraffic, DevicePresence, NativeTraffic, LinkTraffic {
    private final DeviceStateStore store;
    private final PresenceTracker presence;
    private final CommandDispatcher commands;
    private final StorageFeed storage;
    private final TelemetryListener rules;
    private final ClusterFeed cluster;
    private final HubMetrics metrics;
    private final Adapters adapters;
    private final HomeAssistantLogins homeAssistant;

    /** Who hears of measurements: the rules engine, or nobody in cluster mode (the workers hear them from Kafka). */
    @FunctionalInterface
    interface TelemetryListener {
        void onTelemetry(String deviceId, ObjectNode measurements, Instant at);
    }

    /** {@code cluster}: where, in cluster mode, a message's events go besides storage ({@link ClusterFeed#none()} otherwise). */
    HubTraffic(DeviceStateStore store, PresenceTracker presence, CommandDispatcher commands, StorageFeed storage,
               TelemetryListener rules, ClusterFeed cluster, HubMetrics metrics, Adapters adapters, HomeAssistantLogins homeAssistant) {
        this.store = store;
        this.presence = presence;
        this.commands = commands;
        this.storage = storage;
        this.rules = rules;
        this.cluster = cluster;
        this.metrics = metrics;
        this.adapters = adapters;
        this.homeAssistant = homeAssistant;
    }

    @Override
    public List<Write> onState(String deviceId, ObjectNode reported, Instant at) throws WireJson.InvalidPayloadException {
        List<StateChange> changes = store.mergeReported(deviceId, reported, at);
        metrics.messageIn("state");
        return concat(StorageFeed.ofState(changes), cluster.ofState(changes));
    }

    @Override
    public List<Write> onMeta(String deviceId, ObjectNode meta, Instant at) {
        metrics.messageIn("meta");
        store.setMeta(deviceId, meta, at);
        return concat(StorageFeed.ofMeta(deviceId, meta, DeviceSnapshot.Availability.ONLINE, at), cluster.ofMeta(deviceId, meta, at));
    }

    @Override
    public List<Write> onTelemetry(String deviceId, ObjectNode measurements, Instant measuredAt, Instant received) {
        metrics.messageIn("telemetry");
        store.touch(deviceId, received);
        List<Write> writes = concat(StorageFeed.ofTelemetry(deviceId, measurements, measuredAt),
                cluster.ofTelemetry(deviceId, measurements, received));
        rules.onTelemetry(deviceId, measurements, received);
        homeAssistant.onMeasured(deviceId, measurements);
        return writes;
    }

    @Override
    public void onReply(String deviceId, Optional<byte[]> correlationData, CommandReply reply) {
        metrics.messageIn("reply");
        commands.onReply(deviceId, correlationData, reply);
    }

    @Override
    public void store(List<Write> writes) {
        storage.store(writes);
    }

    @Override
    public CompletableFuture<Acknowledgement> storeAcknowledged(List<Write> writes) {
        return storage.storeAcknowledged(writes);
    }

    @Override
    public void onRejected(String deviceId, String topic, String reason) {
        metrics.rejected(reason);
    }

    @Override
    public void onRefused(String reason) {
        metrics.rejected(reason);
    }

    @Override
    public Optional<NativeAccess> access(String loginId) {
        return homeAssistant.access(loginId).or(() -> adapters.access(loginId));
    }

    @Override
    public NativeOutcome take(String loginId, String topic, byte[] payload, Instant at) {
        Optional<NativeOutcome> fromHomeAssistant = homeAssistant.take(loginId, topic, payload);
        if (fromHomeAssistant.isPresent()) {
            return fromHomeAssistant.get();
        }
        Reading reading = adapters.take(loginId, topic, payload);
        try {
            if (reading instanceof Reading.Events events) {
                return new NativeOutcome.Taken(apply(events.events(), at));
            }
            if (reading instanceof Reading.Swallowed swallowed) {
                return new NativeOutcome.Swallowed(apply(swallowed.events(), at));
            }
        } catch (WireJson.InvalidPayloadException e) {
            return new NativeOutcome.Refused(e.fault().code(), topic + ": " + e.getMessage());
        }
        return reading instanceof Reading.Refused refused ? new NativeOutcome.Refused(refused.reason(), refused.message())
                : new NativeOutcome.Outside();
    }

    /** A native message's events, applied in order; the writes to store with the message. */
    List<Write> apply(List<DeviceEvent> events, Instant at) throws WireJson.InvalidPayloadException {
        List<Write> writes = new ArrayList<>();
        for (DeviceEvent event : events) {
            if (event instanceof DeviceEvent.Reported reported) {
                writes.addAll(onState(reported.deviceId(), reported.state(), at));
            } else if (event instanceof DeviceEvent.Measured measured) {
                writes.addAll(onTelemetry(measured.deviceId(), measured.measurements(), at, at));
            } else if (event instanceof DeviceEvent.Availability availability) {
                store.setAvailability(availability.deviceId(), availability.online()
                        ? DeviceSnapshot.Availability.ONLINE : DeviceSnapshot.Availability.OFFLINE, at);
                if (availability.online()) {
                    commands.onReachable(availability.deviceId()); // a sleepy device woke: what waited for it goes out
                }
            } else if (event instanceof DeviceEvent.Described described) {
                metrics.messageIn("meta");
                store.describe(described.deviceId(), described.meta());
                DeviceSnapshot now = store.snapshot(described.deviceId()).orElseThrow();
                writes.addAll(StorageFeed.ofMeta(described.deviceId(), described.meta(), now.availability(),
                        now.lastSeen().orElse(at)));
                writes.addAll(cluster.ofMeta(described.deviceId(), described.meta(), at));
            } else if (event instanceof DeviceEvent.Confirmed confirmed) {
                onReply(confirmed.deviceId(), Optional.of(confirmed.correlation()), CommandReply.success(confirmed.result()));
            } else if (event instanceof DeviceEvent.Failed failed) {
                onReply(failed.deviceId(), Optional.of(failed.correlation()), CommandReply.failure(failed.error()));
            }
        }
        return writes;
    }

    private static List<Write> concat(List<Write> stored, List<Write> sent) {
        if (sent.isEmpty()) {
            return stored;
        }
        List<Write> all = new ArrayList<>(stored);
        all.addAll(sent);
        return all;
    }

    /** Events that come from no message (a bridge's connection): their writes are queued on their own. */
    private void applyQueued(List<DeviceEvent> events, Instant at) {
        if (events.isEmpty()) {
            return;
        }
        try {
            storage.store(apply(events, at));
        } catch (WireJson.InvalidPayloadException e) {
            throw new IllegalStateException("an adapter's event without a payload was refused: " + e.getMessage(), e);
        }
    }

    @Override
    public void onConnected(String deviceId, String clientId, Instant at) {
        presence.connected(deviceId, clientId, at);
        applyQueued(adapters.connected(deviceId, true), at);
    }

    @Override
    public void onDisconnected(String deviceId, String clientId, Instant at) {
        presence.disconnected(deviceId, clientId, at);
        if (presence.clientsOf(deviceId).isEmpty()) {
            applyQueued(adapters.connected(deviceId, false), at);
        }
    }

    /**
     * A broker of {@code bridges:} came or went: the login's own device and, for a bridge, the devices behind it go
     * offline with it; when it is back, its retained messages (LWT, bridge/state, availability) say who is there.
     */
    @Override
    public void linkChanged(String loginId, boolean up, Instant at) {
        List<DeviceEvent> events = new ArrayList<>();
        if (!up) {
            events.add(new DeviceEvent.Availability(loginId, false));
        }
        events.addAll(adapters.connected(loginId, up));
        applyQueued(events, at);
    }

    @Override
    public void onListening(String deviceId, String clientId) {
        presence.listening(deviceId, clientId);
        commands.onListening(deviceId);
        // a bridge listens for the devices behind it that are awake; a sleeping one's commands wait for it to wake
        adapters.devicesOf(deviceId).stream().filter(adapters::reachable).forEach(commands::onListening);
    }

    @Override
    public void onStoppedListening(String deviceId, String clientId) {
        presence.stoppedListening(deviceId, clientId);
    }
}
