package dev.hearth.hub.adapters;

import dev.hearth.wire.DeviceIds;
import java.util.Objects;

/**
 * A login of hearth.yml that speaks a native protocol: {@code id} is its MQTT user name (and, for a
 * one-device protocol, the Hearth id of the device), {@code topic} its native topic (the Tasmota
 * topic, or the bridge's base topic).
 */
public record NativeLogin(String id, Protocol protocol, String topic) {
    public NativeLogin {
        DeviceIds.require(id);
        if (!Objects.requireNonNull(protocol, "protocol").isNative()) {
            throw new IllegalArgumentException(id + " speaks Hearth's wire contract, not a native protocol");
        }
        NativeTopics.requireRoot(topic, "login '" + id + "': topic");
    }
}
