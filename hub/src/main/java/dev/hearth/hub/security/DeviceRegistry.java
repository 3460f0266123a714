package dev.hearth.hub.security;

import dev.hearth.hub.config.DeviceCredential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The devices allowed to connect, and the check of their passwords. */
public final class DeviceRegistry {
    private final Map<String, String> hashes = new LinkedHashMap<>();

    public DeviceRegistry(List<DeviceCredential> devices) {
        devices.forEach(device -> hashes.put(device.id(), device.passwordHash()));
    }

    public boolean knows(String deviceId) {
        return hashes.containsKey(deviceId);
    }

    public Set<String> deviceIds() {
        return Set.copyOf(hashes.keySet());
    }

    /** False for an unknown device, so that callers cannot tell the two apart. */
    public boolean authenticate(String deviceId, byte[] password) {
        String hash = hashes.get(deviceId);
        return hash != null && PasswordHasher.matches(password, hash);
    }

    /**
     * The devices still using the example password from deploy/ ({@code <id>-example}): anyone
     * who has read the README can connect as them.
     */
    public List<String> devicesWithExamplePassword() {
        return hashes.entrySet().stream()
                .filter(entry -> PasswordHasher.matches(entry.getKey() + "-example", entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
