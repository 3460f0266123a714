package dev.hearth.hub.devices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.KnownDevices;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What rules may refer to: devices the registry knows, with the attributes and commands their
 * {@code meta} declares. Without meta (the device has not connected yet) only the id is checked.
 */
public final class HubKnownDevices implements KnownDevices {
    private final Predicate<String> registered;
    private final DeviceStateStore store;

    public HubKnownDevices(Predicate<String> registered, DeviceStateStore store) {
        this.registered = registered;
        this.store = store;
    }

    @Override
    public boolean has(String deviceId) {
        return registered.test(deviceId) || store.snapshot(deviceId).isPresent();
    }

    @Override
    public Optional<Set<String>> attributes(String deviceId) {
        return meta(deviceId).map(meta -> {
            Set<String> names = new HashSet<>();
            meta.path("attributes").fieldNames().forEachRemaining(names::add);
            return names;
        }).filter(names -> !names.isEmpty());
    }

    @Override
    public Optional<Set<String>> commands(String deviceId) {
        return meta(deviceId).map(meta -> {
            Set<String> names = new HashSet<>();
            meta.path("commands").forEach(command -> names.add(command.isTextual() ? command.asText() : command.path("name").asText()));
            return names;
        }).filter(names -> !names.isEmpty());
    }

    private Optional<JsonNode> meta(String deviceId) {
        return store.snapshot(deviceId).flatMap(DeviceSnapshot::meta).map(JsonNode.class::cast);
    }
}
