package dev.hearth.simulator.firmware;

import java.util.Objects;

/** One message a native device sends: on its own topic, as text (JSON or plain, as the firmware writes it). */
public record Publish(String topic, String payload, boolean retained) {
    public Publish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    static Publish of(String topic, String payload) {
        return new Publish(topic, payload, false);
    }

    static Publish retained(String topic, String payload) {
        return new Publish(topic, payload, true);
    }
}
