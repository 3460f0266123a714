package dev.hearth.hub.metrics;

import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.broker.BrokerFigures;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.storage.StorageWriter;

/** The gauges and counters read off the hub's parts at each scrape (the parts count; the metrics only look). */
public final class HubGauges {
    private HubGauges() {
    }

    public static void register(HubMetrics metrics, PresenceTracker presence, StorageWriter writer, CommandDispatcher commands) {
        metrics.gauge("hearth.devices.connected", "Devices with an open connection", presence, PresenceTracker::connectedDevices);
        metrics.gauge("hearth.commands.pending", "Commands waiting for a reply", commands, CommandDispatcher::pendingCount);
        metrics.gauge("hearth.storage.queue", "Storage writes waiting", writer, w -> w.stats().queued());
        metrics.gauge("hearth.storage.batch.last.ms", "Time of the last storage batch", writer, w -> w.stats().lastBatchMillis());
        metrics.counter("hearth.storage.written", "Storage writes done", writer, w -> w.stats().written());
        metrics.counter("hearth.storage.dropped", "Storage writes dropped (queue full)", writer, w -> w.stats().dropped());
        metrics.counter("hearth.storage.failed", "Storage writes lost to database errors", writer, w -> w.stats().failed());
        metrics.counter("hearth.storage.writer.restarts", "Storage writers found dead or stuck and replaced", writer,
                w -> w.stats().restarts());
        metrics.counter("hearth.storage.batches", "Storage transactions (a batch of writes each)", writer,
                w -> w.stats().batches());
    }

    public static void registerAdapters(HubMetrics metrics, Adapters adapters) {
        metrics.counter("hearth.adapter.replies.unmatched", "RPC replies of native devices (Shelly) that answered no waiting"
                + " request (late, or not the hub's): taken and ignored", adapters, Adapters::unmatchedReplies);
    }

    /** Once the broker runs: its figures exist only then. */
    public static void registerBroker(HubMetrics metrics, BrokerFigures broker) {
        metrics.gauge("hearth.mqtt.connections", "Authenticated MQTT connections, counted against mqtt.max-connections",
                broker, BrokerFigures::authenticatedConnections);
        metrics.gauge("hearth.broker.connections", "Open MQTT connections, authenticated or not yet", broker,
                BrokerFigures::brokerConnections);
        metrics.gauge("hearth.broker.sessions", "MQTT sessions the broker holds", broker, BrokerFigures::sessions);
        metrics.counter("hearth.broker.messages.dropped", "Messages the broker dropped (a device's queue full, or not reading)",
                broker, BrokerFigures::droppedMessages);
    }
}
