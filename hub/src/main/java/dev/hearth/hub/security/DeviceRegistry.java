package dev.hearth.hub.security;

import dev.hearth.hub.config.DeviceCredential;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.StorageException;
import dev.hearth.hub.storage.StoredDevice;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices allowed to connect: those declared in the config file and those provisioned in
 * the database (by the CLI or the API, possibly from another process). {@link #refresh()}
 * picks up database changes and says whose access was taken away. The one place an MQTT user name
 * becomes a device id ({@link #authenticate}): a config login may name its user name apart from its
 * id, a provisioned device's user name is its id; past the login, the broker knows only the id.
 */
public final class DeviceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    /**
     * What a password for an unknown or disabled id is checked against: a bcrypt hash of a random
     * password, of the same cost as a person's, so that the answer takes as long as for a config device.
     */
    static final String UNKNOWN_DEVICE_HASH = PasswordHasher.hash(PasswordHasher.generatePassword());

    /** Whether a password matches a stored hash: {@link PasswordHasher#matches(byte[], String)}, or a test's. */
    @FunctionalInterface
    public interface PasswordCheck {
        boolean matches(byte[] password, String hash);
    }

    /** A config login under its user name. */
    private record Login(String deviceId, String passwordHash) {
    }

    private final Map<String, Login> configured = new LinkedHashMap<>();
    private final Set<String> configuredIds = new HashSet<>();
    private final Optional<DeviceRepository> repository;
    private final PasswordCheck passwords;
    private volatile Map<String, StoredDevice> provisioned = Map.of();
    private volatile long version = -1;

    public DeviceRegistry(List<DeviceCredential> fromConfig, Optional<DeviceRepository> repository, PasswordCheck passwords) {
        fromConfig.forEach(device -> {
            configured.put(device.username(), new Login(device.id(), device.passwordHash()));
            configuredIds.add(device.id());
        });
        this.repository = repository;
        this.passwords = passwords;
        refresh();
    }

    public DeviceRegistry(List<DeviceCredential> fromConfig, Optional<DeviceRepository> repository) {
        this(fromConfig, repository, PasswordHasher::matches);
    }

    public DeviceRegistry(List<DeviceCredential> fromConfig) {
        this(fromConfig, Optional.empty());
    }

    /** Known and enabled. */
    public boolean knows(String deviceId) {
        return configuredIds.contains(deviceId) || provisionedHash(deviceId).isPresent();
    }

    public Set<String> deviceIds() {
        Set<String> ids = new HashSet<>(configuredIds);
        provisioned.values().stream().filter(StoredDevice::enabled).forEach(device -> ids.add(device.id()));
        return Set.copyOf(ids);
    }

    /**
     * The id of the device that logs in as {@code username} with this password; empty for an unknown or
     * disabled one, so that callers cannot tell these apart: not by the answer, and not by the time it
     * takes (bcrypt runs for them too). A config login is known by its user name only: a device id
     * that is not its user name logs in as nobody. A user name that the copy in memory does not let in
     * is looked up in the database first: a device added or enabled a moment ago (by the CLI, in another
     * process) connects at once instead of after the next {@link #refresh()}.
     */
    public Optional<String> authenticate(String username, byte[] password) {
        Login configuredLogin = configured.get(username);
        Optional<Login> login = configuredLogin != null ? Optional.of(configuredLogin)
                : provisionedHash(username).or(() -> lookUp(username)).map(hash -> new Login(username, hash));
        if (login.isEmpty()) {
            passwords.matches(password, UNKNOWN_DEVICE_HASH);
            return Optional.empty();
        }
        return passwords.matches(password, login.get().passwordHash()) ? Optional.of(login.get().deviceId()) : Optional.empty();
    }

    /**
     * Reloads the provisioned devices if the database changed; returns the devices that may no
     * longer connect as before (disabled, removed, or given a new password).
     */
    public synchronized Set<String> refresh() {
        if (repository.isEmpty()) {
            return Set.of();
        }
        long current = repository.get().version();
        if (current == version) {
            return Set.of();
        }
        Map<String, StoredDevice> fresh = new LinkedHashMap<>();
        repository.get().list().forEach(device -> fresh.put(device.id(), device));
        Set<String> revoked = new HashSet<>();
        provisioned.forEach((id, before) -> {
            StoredDevice after = fresh.get(id);
            boolean stillAllowed = after != null && after.enabled() && Objects.equals(after.passwordHash(), before.passwordHash());
            if (before.enabled() && !stillAllowed) {
                revoked.add(id);
            }
        });
        provisioned = Map.copyOf(fresh);
        version = current;
        if (!revoked.isEmpty()) {
            LOG.info("access revoked for {}", revoked);
        }
        return revoked;
    }

    /**
     * The devices still using the example password from deploy/ ({@code <user name>-example}): anyone
     * who has read the README can connect as them.
     */
    public List<String> devicesWithExamplePassword() {
        return configured.entrySet().stream()
                .filter(entry -> PasswordHasher.matches(entry.getKey() + "-example", entry.getValue().passwordHash()))
                .map(entry -> entry.getValue().deviceId())
                .toList();
    }

    /**
     * One primary-key read, only for ids the copy in memory refuses. What it finds joins that copy,
     * so that {@link #refresh()} compares the next change against it and still drops a connection
     * let in here. Only a refused id is looked up because the copy may be replaced by nothing else:
     * had a device it lets in changed (rotated, disabled), taking the row here would hide that
     * change from {@link #refresh()}, and the connections using the old access would stay.
     */
    private synchronized Optional<String> lookUp(String deviceId) {
        if (repository.isEmpty() || configured.containsKey(deviceId) || configuredIds.contains(deviceId)) {
            return Optional.empty();
        }
        StoredDevice inMemory = provisioned.get(deviceId);
        if (inMemory != null && inMemory.enabled()) {
            return Optional.of(inMemory.passwordHash()); // refreshed meanwhile
        }
        Optional<StoredDevice> stored;
        try {
            stored = repository.get().find(deviceId);
        } catch (StorageException e) {
            LOG.warn("could not look device '{}' up in storage: {}", deviceId, e.getMessage());
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().equals(inMemory)) {
            Map<String, StoredDevice> merged = new LinkedHashMap<>(provisioned);
            merged.put(deviceId, stored.get());
            provisioned = Map.copyOf(merged);
        }
        return stored.get().enabled() ? Optional.of(stored.get().passwordHash()) : Optional.empty();
    }

    private Optional<String> provisionedHash(String deviceId) {
        if (configuredIds.contains(deviceId)) {
            return Optional.empty(); // the config's device, whose login is its user name
        }
        StoredDevice stored = provisioned.get(deviceId);
        return stored != null && stored.enabled() ? Optional.of(stored.passwordHash()) : Optional.empty();
    }
}
