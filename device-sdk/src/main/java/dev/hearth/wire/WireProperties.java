package dev.hearth.wire;

/** MQTT 5 user properties of the wire contract. */
public final class WireProperties {
    /**
     * On telemetry and state a device forwards from its store-and-forward buffer: the message's
     * sequence number in that device's buffer (1, 2, 3..., kept across restarts of the device,
     * back to 1 only if the buffer directory is deleted). Delivery from the buffer is
     * at-least-once; a consumer that must not count a message twice drops a number it has seen.
     */
    public static final String BUFFER_SEQUENCE = "hearth-seq";

    private WireProperties() {
    }
}
