package dev.hearth.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.DevicePresence;
import dev.hearth.hub.broker.DeviceTraffic;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.hub.storage.Write;
import dev.hearth.rules.RuleEngine;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where the broker's checked device traffic goes inside the hub. */
final class HubTraffic implements DeviceTraffic, DevicePresence {
    private final DeviceStateStore store;
    private final PresenceTracker presence;
    private final CommandDispatcher commands;
    private final StorageFeed storage;
    private final RuleEngine engine;
    private final HubMetrics metrics;

    HubTraffic(DeviceStateStore store, PresenceTracker presence, CommandDispatcher commands, StorageFeed storage,
               RuleEngine engine, HubMetrics metrics) {
        this.store = store;
        this.presence = presence;
        this.commands = commands;
        this.storage = storage;
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public List<Write> onState(String deviceId, ObjectNode reported, Instant at) throws WireJson.InvalidPayloadException {
        List<Write> writes = StorageFeed.ofState(store.mergeReported(deviceId, reported, at));
        metrics.messageIn("state");
        return writes;
    }

    @Override
    public List<Write> onMeta(String deviceId, ObjectNode meta, Instant at) {
        metrics.messageIn("meta");
        store.setMeta(deviceId, meta, at);
        return StorageFeed.ofMeta(deviceId, meta, DeviceSnapshot.Availability.ONLINE, at);
    }

    @Override
    public List<Write> onTelemetry(String deviceId, ObjectNode measurements, Instant measuredAt, Instant received) {
        metrics.messageIn("telemetry");
        store.touch(deviceId, received);
        List<Write> writes = StorageFeed.ofTelemetry(deviceId, measurements, measuredAt);
        engine.onTelemetry(deviceId, measurements, received);
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
    public CompletableFuture<Boolean> storeAcknowledged(List<Write> writes) {
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
    public void onConnected(String deviceId, String clientId, Instant at) {
        presence.connected(deviceId, clientId, at);
    }

    @Override
    public void onDisconnected(String deviceId, String clientId, Instant at) {
        presence.disconnected(deviceId, clientId, at);
    }

    @Override
    public void onListening(String deviceId, String clientId) {
        presence.listening(deviceId, clientId);
        commands.onListening(deviceId);
    }

    @Override
    public void onStoppedListening(String deviceId, String clientId) {
        presence.stoppedListening(deviceId, clientId);
    }
}
