package dev.hearth.hub.adapters.profile;

import dev.hearth.hub.adapters.Protocol;
import dev.hearth.wire.DeviceMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How Hearth speaks one native protocol, read from its YAML profile: which topics a login may use,
 * what each native message becomes (state, telemetry, availability, a device list) and how each
 * canonical command goes out. Data only; {@code adapters.ProfileSession} applies it to one login.
 *
 * @param source   where it was read from, for messages
 * @param speaksFor whether a login is one device or a bridge for many
 * @param swallow  shared trees the device publishes to by default (Tasmota's own discovery): taken
 *                 and dropped, since what one login writes there must not reach or overwrite another's
 * @param meta     what a device of the protocol is, when the protocol does not say it itself
 *                 (Tasmota); a bridge's devices get theirs from its device list
 * @param discovery what the device says of itself on a swallowed tree (Tasmota's own discovery), if it is read
 */
public record Profile(String source, Protocol protocol, SpeaksFor speaksFor, List<Template> publish,
                      List<Template> subscribe, List<Template> swallow, Optional<DeviceMeta> meta, List<MessageRule> messages,
                      Map<String, CommandRule> commands, Optional<Discovery> discovery) {
    public Profile {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
        swallow = List.copyOf(swallow);
        java.util.Objects.requireNonNull(discovery, "discovery");
        messages = List.copyOf(messages);
        commands = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(commands)); // in the file's order
    }

    public enum SpeaksFor {
        /** The login is the device (Tasmota). */
        ONE_DEVICE,
        /** The login is a bridge; the devices behind it are named in its device list (Zigbee2MQTT). */
        BRIDGE_DEVICES
    }
}
