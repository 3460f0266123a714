package dev.hearth.hub.broker;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * What the broker itself counts (HiveMQ's metrics, through the extension SDK) beside the hub's own
 * count of authenticated connections: enough to see leaked sessions and messages dropped for
 * devices that do not read. Read only while the broker runs.
 */
public final class BrokerFigures {
    private final OpenConnections connections;

    BrokerFigures(OpenConnections connections) {
        this.connections = connections;
    }

    /** Authenticated connections, as counted against {@code mqtt.max-connections}. */
    public int authenticatedConnections() {
        return connections.open();
    }

    /** Open MQTT connections, authenticated or not yet. */
    public long brokerConnections() {
        return read("com.hivemq.networking.connections.current");
    }

    /** Sessions the broker holds, of connected devices and of persistent ones that are away. */
    public long sessions() {
        return read("com.hivemq.sessions.overall.current");
    }

    /** Messages the broker dropped: a device's queue full, or a message too large for the device. */
    public long droppedMessages() {
        return read("com.hivemq.messages.dropped.count");
    }

    private static long read(String name) {
        Metric metric = Services.metricRegistry().getMetrics().get(name);
        if (metric instanceof Counting counting) {
            return counting.getCount();
        }
        if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
            return number.longValue();
        }
        return 0; // not registered yet: nothing happened that it would count
    }
}
