package dev.hearth.hub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.NativeOrigin;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.hub.devices.DeviceSnapshot;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device as the API shows it; times are ISO-8601 UTC, null when not known yet. {@code protocol}:
 * what it speaks, {@code hearth} (the wire contract) or a native protocol an adapter translates, whose
 * {@code origin} says which login speaks for it and its native name (Tasmota topic, friendly name).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceView(
        String id,
        String protocol,
        Origin origin,
        String availability,
        String lastSeen,
        ObjectNode state,
        Map<String, String> updatedAt,
        ObjectNode meta) {

    /** Who speaks for a device translated by an adapter: {@code login} (its MQTT user) and its native name. */
    public record Origin(String login, String name) {
    }

    static DeviceView of(DeviceSnapshot device, Optional<NativeOrigin> origin) {
        Map<String, String> updated = new TreeMap<>();
        device.updatedAt().forEach((attribute, at) -> updated.put(attribute, at.toString()));
        return new DeviceView(device.id(),
                origin.map(from -> from.protocol().configName()).orElse(Protocol.HEARTH.configName()),
                origin.map(from -> new Origin(from.login(), from.nativeName())).orElse(null),
                device.availability().name().toLowerCase(Locale.ROOT),
                device.lastSeen().map(Object::toString).orElse(null),
                device.reported(),
                updated,
                device.meta().orElse(null));
    }
}
