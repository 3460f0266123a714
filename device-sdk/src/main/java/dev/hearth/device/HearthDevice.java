package dev.hearth.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A device's connection to a Hearth hub over MQTT 5, following the wire contract in
 * {@code dev.hearth.wire}. Build one with {@link #builder()}, {@link #connect()} it, report its
 * state, and {@link #close()} it when done.
 *
 * <p>Thread-safe. Command handlers run on the device's own command thread, one at a time and
 * in arrival order, never on the MQTT client's callback thread.
 */
public interface HearthDevice extends AutoCloseable {

    static HearthDeviceBuilder builder() {
        return new HearthDeviceBuilder();
    }

    String deviceId();

    /**
     * Connects and blocks until the device is subscribed to its commands and has published its
     * meta, its state (if any) and {@code online}. Later connection losses are repaired
     * automatically.
     *
     * @throws HearthDeviceException if the broker refuses the device (e.g. "connection refused:
     *     bad user name or password"), cannot be reached, or does not answer within the timeout
     */
    void connect();

    /**
     * Starts connecting without waiting: attempts go on in the background, with the builder's
     * reconnect delays between them, until one succeeds or the device is closed. For devices that
     * may boot before the hub; telemetry and state reported meanwhile go to the store-and-forward
     * buffer, if there is one. Does nothing when connected or already trying.
     */
    default void connectInBackground() {
        throw new UnsupportedOperationException("connectInBackground");
    }

    /**
     * Merges {@code partial} into the reported state (top-level keys replace the keys they
     * name) and publishes the whole merged object, retained, on {@code devices/{id}/state}.
     * While disconnected the state is kept and published on the next connect (with
     * store-and-forward, every report is buffered and forwarded in order).
     */
    void reportState(ObjectNode partial);

    /** As {@link #reportState(ObjectNode)}, with values Jackson can turn into JSON. */
    void reportState(Map<String, ?> partial);

    /**
     * Publishes measurements on {@code devices/{id}/telemetry} (not retained). Without
     * store-and-forward they go at QoS 0, and only while connected. With it they are appended to
     * the disk buffer, stamped with {@code "ts"} (epoch milliseconds) unless they carry one, and
     * forwarded in order at QoS 1 whenever the device is connected; state reports travel the same way.
     *
     * @return false when the measurement was dropped: not connected (no buffer), or the buffer is
     *     full under {@link OverflowPolicy#DROP_NEWEST}
     */
    boolean sendTelemetry(ObjectNode measurements);

    /** As {@link #sendTelemetry(ObjectNode)}, with values Jackson can turn into JSON. */
    boolean sendTelemetry(Map<String, ?> measurements);

    /** A copy of the merged reported state. */
    ObjectNode state();

    boolean isConnected();

    /** The store-and-forward buffer's figures; {@link BufferStats#NONE} without one. */
    default BufferStats bufferStats() {
        return BufferStats.NONE;
    }

    /**
     * Publishes {@code offline} (retained), disconnects cleanly and frees the threads. Idempotent.
     * The broker keeps the session (and queues commands) for the builder's session expiry. With
     * store-and-forward, waits up to 5 s for the buffer to drain while connected; what is left
     * stays on disk for the next run.
     */
    @Override
    void close();
}
