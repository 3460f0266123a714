package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A command as the native device takes it: a topic and a payload, never retained. {@code doneWhenSent}: a command
 * no report of the device can confirm (a Home Assistant button's press changes no state) is done, with this result,
 * once the broker has taken it.
 */
public record NativePublish(String topic, byte[] payload, Optional<JsonNode> doneWhenSent) {
    public NativePublish {
        payload = payload.clone();
        Objects.requireNonNull(doneWhenSent, "doneWhenSent");
    }

    /** Confirmed by the device's next report, or its answer. */
    public NativePublish(String topic, byte[] payload) {
        this(topic, payload, Optional.empty());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
