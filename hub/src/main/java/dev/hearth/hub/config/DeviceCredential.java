package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.hub.adapters.NativeTopics;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.wire.DeviceIds;
import java.util.Objects;
import java.util.Optional;

/**
 * A login allowed to connect, with its password stored as a bcrypt hash (never in plain text).
 * Most logins are Hearth devices speaking the wire contract; one with a native {@code protocol}
 * (Tasmota, Zigbee2MQTT) is translated by an adapter, and {@code topic} is its native topic: the
 * Tasmota topic of the device, or the bridge's base topic. {@code username} is the MQTT user name it logs in with: its
 * id unless a native login names another (a Tasmota's factory user name rarely is the Hearth id one wants).
 * {@code site}: in cluster mode, the site of this device's events (the hub's {@code cluster.site} when it names none).
 */
public record DeviceCredential(String id, String username, String passwordHash, Protocol protocol, Optional<String> topic,
                               Optional<String> site) {
    public DeviceCredential {
        site.ifPresent(value -> ClusterSettings.requireSite(value, "device '" + id + "': site"));
        DeviceIds.require(id);
        Objects.requireNonNull(protocol, "protocol");
        if (username == null) {
            username = id;
        } else if (!username.equals(id)) {
            if (!protocol.isNative()) {
                throw new IllegalArgumentException("device '" + id + "': 'username' goes with a native protocol (tasmota,"
                        + " zigbee2mqtt, shelly or ha-discovery); a Hearth device or Home Assistant logs in with its id");
            }
            DeviceIds.require(username);
        }
        if (!PasswordHasher.isHash(passwordHash)) {
            throw new IllegalArgumentException("device '" + id + "' needs a password-hash (a bcrypt hash;"
                    + " make one with: deploy/hearth hash-password)");
        }
        topic = Objects.requireNonNull(topic, "topic").or(protocol::defaultTopic);
        if (protocol == Protocol.HEARTH && topic.isPresent()) {
            throw new IllegalArgumentException("device '" + id + "': 'topic' goes with a native protocol"
                    + " (protocol: tasmota, zigbee2mqtt, shelly or ha-discovery); a Hearth device's topics are devices/" + id + "/...");
        }
        if (protocol == Protocol.HOME_ASSISTANT && topic.isPresent()) {
            throw new IllegalArgumentException("login '" + id + "': 'topic' goes with a device protocol; Home Assistant's"
                    + " topics are homeassistant.prefix's and the hub's hearth/ha/...");
        }
        if (protocol.isNative()) {
            // A Tasmota device's topic is usually its id; Hearth ids are valid Tasmota topics.
            String nativeTopic = topic.orElse(id);
            NativeTopics.requireRoot(nativeTopic, "device '" + id + "': topic");
            if (protocol == Protocol.HA_DISCOVERY) {
                NativeTopics.requireDiscoveryNode(nativeTopic, "device '" + id + "': topic");
            }
            topic = Optional.of(nativeTopic);
        }
    }

    /** A Hearth device (wire contract). */
    public DeviceCredential(String id, String passwordHash) {
        this(id, id, passwordHash, Protocol.HEARTH, Optional.empty(), Optional.empty());
    }

    /** As written in hearth.yml: {@code username}, {@code protocol} and {@code topic} may be left out. */
    @JsonCreator
    public static DeviceCredential of(@JsonProperty("id") String id, @JsonProperty("username") String username,
                                      @JsonProperty("password-hash") String passwordHash,
                                      @JsonProperty("protocol") String protocol, @JsonProperty("topic") String topic,
                                      @JsonProperty("site") String site) {
        return new DeviceCredential(id, username, passwordHash, protocol == null ? Protocol.HEARTH : Protocol.fromConfig(protocol),
                Optional.ofNullable(topic), Optional.ofNullable(site));
    }

    /** The native topic; only for a native protocol. */
    public String nativeTopic() {
        return topic.orElseThrow(() -> new IllegalStateException(id + " speaks Hearth's wire contract"));
    }
}
