package dev.hearth.hub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A device as the API shows it; times are ISO-8601 UTC, null when not known yet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceView(
        String id,
        String availability,
        String lastSeen,
        ObjectNode state,
        Map<String, String> updatedAt,
        ObjectNode meta) {

    static DeviceView of(DeviceSnapshot device) {
        Map<String, String> updated = new TreeMap<>();
        device.updatedAt().forEach((attribute, at) -> updated.put(attribute, at.toString()));
        return new DeviceView(device.id(),
                device.availability().name().toLowerCase(Locale.ROOT),
                device.lastSeen().map(Object::toString).orElse(null),
                device.reported(),
                updated,
                device.meta().orElse(null));
    }
}
