package dev.hearth.hub.config;

import java.nio.file.Path;
import java.util.Set;

/**
 * The ids of the config's {@code devices:} list and the file they are in. The hub reads that list
 * at start and lets those devices in whatever the database says, so a change made anywhere else
 * would claim what does not happen.
 */
public record ConfiguredDevices(Path file, Set<String> ids) {
    public ConfiguredDevices {
        ids = Set.copyOf(ids);
    }

    public boolean defines(String deviceId) {
        return ids.contains(deviceId);
    }

    /** Why a change to {@code deviceId} is refused, in a sentence that says where to make it. */
    public String refusal(String deviceId) {
        return deviceId + " is defined in " + (file == null ? "the hub's config file" : file) + "; change it there";
    }
}
