package dev.hearth.hub.adapters;

import dev.hearth.wire.DeviceIds;
import java.util.Objects;

/**
 * A login of hearth.yml that speaks a native protocol: {@code id} is its Hearth id (for a one-device protocol, the
 * device's), which the broker knows it by once logged in; {@code username} the MQTT user name it logs in with, for
 * people to read ({@code origin}); {@code topic} its native topic (the Tasmota topic, or the bridge's base topic).
 */
public record NativeLogin(String id, String username, Protocol protocol, String topic) {
    public NativeLogin {
        DeviceIds.require(id);
        DeviceIds.require(username);
        if (!Objects.requireNonNull(protocol, "protocol").isNative()) {
            throw new IllegalArgumentException(id + " speaks Hearth's wire contract, not a native protocol");
        }
        NativeTopics.requireRoot(topic, "login '" + id + "': topic");
    }

    /** A login whose user name is its id. */
    public NativeLogin(String id, Protocol protocol, String topic) {
        this(id, id, protocol, topic);
    }
}
