package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.hub.adapters.NativeTopics;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.wire.DeviceIds;
import java.util.Objects;

/**
 * A native login reached through a broker the user runs ({@code bridges[].devices}): what a {@link DeviceCredential}
 * of a native protocol says, without a password, since it never logs in to Hearth. {@code id} is the Hearth id (of the
 * plug, or of the Zigbee2MQTT bridge), {@code topic} its native topic, defaulted as a credential's is.
 */
public record BridgedDevice(String id, Protocol protocol, String topic) {
    public BridgedDevice {
        DeviceIds.require(id);
        Objects.requireNonNull(protocol, "protocol");
        if (!protocol.isNative()) {
            throw new IllegalArgumentException("device '" + id + "' of a bridge speaks " + protocol.configName()
                    + "; a bridge carries native devices (protocol: tasmota, zigbee2mqtt or shelly)");
        }
        NativeTopics.requireRoot(topic, "device '" + id + "': topic");
    }

    @JsonCreator
    public static BridgedDevice of(@JsonProperty("id") String id, @JsonProperty("protocol") String protocol,
                                   @JsonProperty("topic") String topic) {
        if (protocol == null) {
            throw new IllegalArgumentException("device '" + id + "' of a bridge needs a protocol (tasmota, zigbee2mqtt or shelly)");
        }
        Protocol parsed = Protocol.fromConfig(protocol);
        return new BridgedDevice(id, parsed, topic != null ? topic : parsed.defaultTopic().orElse(id));
    }
}
