package dev.hearth.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.DevicePresence;
import dev.hearth.hub.broker.DeviceTraffic;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.rules.RuleEngine;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.time.Instant;
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
    public void onState(String deviceId, ObjectNode reported, Instant at) throws WireJson.InvalidPayloadException {
        store.mergeReported(deviceId, reported, at);
        metrics.messageIn("state");
    }

    @Override
    public void onMeta(String deviceId, ObjectNode meta, Instant at) {
        metrics.messageIn("meta");
        store.setMeta(deviceId, meta, at);
        storage.onMeta(deviceId, meta, DeviceSnapshot.Availability.ONLINE, at);
    }

    @Override
    public void onTelemetry(String deviceId, ObjectNode measurements, Instant measuredAt, Instant received) {
        metrics.messageIn("telemetry");
        store.touch(deviceId, received);
        storage.onTelemetry(deviceId, measurements, measuredAt);
        engine.onTelemetry(deviceId, measurements, received);
    }

    @Override
    public void onReply(String deviceId, Optional<byte[]> correlationData, CommandReply reply) {
        metrics.messageIn("reply");
        commands.onReply(deviceId, correlationData, reply);
    }

    @Override
    public void beginAcknowledged() {
        storage.beginAcknowledged();
    }

    @Override
    public CompletableFuture<Boolean> endAcknowledged() {
        return storage.endAcknowledged();
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
