package dev.hearth.hub.adapters.discovery;

import java.util.List;
import java.util.Optional;

/**
 * The config's {@code device}: its {@code identifiers} group entities into one device (the first is its key), its
 * name, maker and model describe it.
 */
public record DeviceInfo(List<String> identifiers, Optional<String> name, Optional<String> manufacturer,
                         Optional<String> model) {
    public DeviceInfo {
        identifiers = List.copyOf(identifiers);
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("a device has at least one identifier");
        }
    }

    /** This device as a later config describes it: what that one leaves out stays as it was (a config may name only ids). */
    public DeviceInfo updatedBy(DeviceInfo later) {
        return new DeviceInfo(identifiers, later.name.or(() -> name), later.manufacturer.or(() -> manufacturer),
                later.model.or(() -> model));
    }

    public String key() {
        return identifiers.get(0);
    }
}
