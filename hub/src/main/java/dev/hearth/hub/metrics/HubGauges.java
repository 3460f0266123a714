package dev.hearth.hub.metrics;

import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.bridges.BrokerLink;
import dev.hearth.hub.bridges.BrokerLinks;
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

    /** Link state, reconnects and the command queue of each broker of bridges:, by its id; once they are started. */
    public static void registerBridges(HubMetrics metrics, BrokerLinks bridges) {
        for (BrokerLink link : bridges.links()) {
            String[] tag = {"bridge", link.id()};
            metrics.gauge("hearth.bridge.up", "1 while the link to a broker of bridges: is up", link, l -> l.isUp() ? 1 : 0, tag);
            metrics.counter("hearth.bridge.reconnects", "Links to a broker of bridges: made again after one was lost",
                    link, BrokerLink::reconnects, tag);
            metrics.counter("hearth.bridge.connect.failures", "Attempts to reach a broker of bridges: that failed", link,
                    BrokerLink::connectFailures, tag);
            metrics.gauge("hearth.bridge.commands.queued", "Commands waiting for their broker to be back", link,
                    BrokerLink::queued, tag);
            metrics.counter("hearth.bridge.commands.dropped", "Commands dropped while their broker was away", link,
                    BrokerLink::droppedQueueFull, "bridge", link.id(), "reason", "queue_full");
            metrics.counter("hearth.bridge.commands.dropped", "Commands dropped while their broker was away", link,
                    BrokerLink::droppedExpired, "bridge", link.id(), "reason", "expired");
        }
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
