package dev.hearth.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the caller knows of devices, for {@link RulesLoader#load(java.nio.file.Path, KnownDevices)} to report
 * references to unknown ones.
 */
public interface KnownDevices {
    boolean has(String deviceId);

    /** The device's attributes and commands, or empty when they are not known (then they are not checked). */
    Optional<Set<String>> attributes(String deviceId);

    Optional<Set<String>> commands(String deviceId);

    /** From a map device id -> (attributes, commands). */
    static KnownDevices of(Map<String, Set<String>> attributes, Map<String, Set<String>> commands) {
        return new KnownDevices() {
            @Override
            public boolean has(String deviceId) {
                return attributes.containsKey(deviceId) || commands.containsKey(deviceId);
            }

            @Override
            public Optional<Set<String>> attributes(String deviceId) {
                return Optional.ofNullable(attributes.get(deviceId));
            }

            @Override
            public Optional<Set<String>> commands(String deviceId) {
                return Optional.ofNullable(commands.get(deviceId));
            }
        };
    }
}
