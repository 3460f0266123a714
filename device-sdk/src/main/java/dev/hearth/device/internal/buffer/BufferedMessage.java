package dev.hearth.device.internal.buffer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One message in the log: its sequence number (1, 2, 3... across restarts) and what to publish. */
public record BufferedMessage(long seq, String topic, boolean retained, byte[] payload) {
    public BufferedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, was " + seq);
        }
    }

    String utf8Payload() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
