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
     * Merges {@code partial} into the reported state (top-level keys replace the keys they
     * name) and publishes the whole merged object, retained, on {@code devices/{id}/state}.
     * While disconnected the state is kept and published on the next connect.
     */
    void reportState(ObjectNode partial);

    /** As {@link #reportState(ObjectNode)}, with values Jackson can turn into JSON. */
    void reportState(Map<String, ?> partial);

    /**
     * Publishes measurements on {@code devices/{id}/telemetry} (not retained).
     *
     * @return false when the measurement was dropped because the device is not connected
     */
    boolean sendTelemetry(ObjectNode measurements);

    /** As {@link #sendTelemetry(ObjectNode)}, with values Jackson can turn into JSON. */
    boolean sendTelemetry(Map<String, ?> measurements);

    /** A copy of the merged reported state. */
    ObjectNode state();

    boolean isConnected();

    /** Publishes {@code offline} (retained), disconnects cleanly and frees the threads. Idempotent. */
    @Override
    void close();
}
