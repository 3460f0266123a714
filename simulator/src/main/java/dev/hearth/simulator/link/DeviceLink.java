package dev.hearth.simulator.link;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A simulated device's connection to a hub, whatever carries it: the device SDK over MQTT, or
 * an in-memory hub on virtual time. One link is one "power-on" of the device: after
 * {@link #close()} the device opens a new link to come back.
 */
public interface DeviceLink extends AutoCloseable {
    /** Connects, blocking until the device is set up (meta, full state, online). */
    void connect();

    /** Reports a partial state; while disconnected the link keeps it and sends the whole state on reconnect. */
    void report(ObjectNode partial);

    boolean isConnected();

    /** Says goodbye ({@code offline}) and disconnects cleanly. Idempotent. */
    @Override
    void close();

    /** Network faults, where the transport can play them. */
    default NetworkFaults faults() {
        throw new UnsupportedOperationException("this link cannot simulate network faults");
    }
}
