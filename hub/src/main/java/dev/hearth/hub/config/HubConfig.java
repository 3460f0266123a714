package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.hub.adapters.Protocol;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's configuration (deploy/hearth.yml). Relative paths are relative to the config file;
 * {@link #loadedFrom(Path)} makes them absolute once, at the edge, and remembers the file, so that
 * a refusal can say where to change a setting.
 */
public record HubConfig(
        MqttSettings mqtt,
        HttpSettings http,
        @JsonProperty("data-dir") Path dataDir,
        Path rules,
        RulesSettings rulesEngine,
        StorageSettings storage,
        List<DeviceCredential> devices,
        HomeAssistantSettings homeassistant,
        List<BridgeSettings> bridges,
        Optional<ClusterSettings> cluster,
        @JsonIgnore Path file) {

    public HubConfig {
        mqtt = mqtt == null ? MqttSettings.defaults() : mqtt;
        http = http == null ? HttpSettings.defaults() : http;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        rules = rules == null ? Path.of("rules") : rules;
        storage = storage == null ? StorageSettings.defaults() : storage;
        rulesEngine = rulesEngine == null ? RulesSettings.defaults() : rulesEngine;
        devices = devices == null ? List.of() : List.copyOf(devices);
        homeassistant = homeassistant == null ? HomeAssistantSettings.defaults() : homeassistant;
        bridges = bridges == null ? List.of() : List.copyOf(bridges);
        cluster = cluster == null ? Optional.empty() : cluster;
        Set<String> seen = new HashSet<>();
        for (DeviceCredential device : devices) {
            if (!seen.add(device.id())) {
                throw new IllegalArgumentException("device '" + device.id() + "' is declared twice");
            }
        }
        Set<String> bridgeIds = new HashSet<>();
        for (BridgeSettings bridge : bridges) {
            if (!bridgeIds.add(bridge.id())) {
                throw new IllegalArgumentException("bridge '" + bridge.id() + "' is declared twice");
            }
            for (BridgedDevice device : bridge.devices()) {
                // one id, one device: a plug is on Hearth's broker or on one bridge, never on two
                if (!seen.add(device.id())) {
                    throw new IllegalArgumentException("device '" + device.id() + "' of bridge '" + bridge.id()
                            + "' is declared twice (in devices: or another bridge)");
                }
            }
        }
        for (DeviceCredential device : devices) {
            if (device.protocol() == Protocol.HOME_ASSISTANT && !homeassistant.discovery()) {
                throw new IllegalArgumentException("login '" + device.id() + "' speaks homeassistant, but Home Assistant"
                        + " discovery is off; turn it on with homeassistant: { discovery: true }");
            }
        }
    }

    /** Paths made absolute against {@code configFile}'s folder; {@code configFile} must be absolute. */
    public HubConfig loadedFrom(Path configFile) {
        Path baseDirectory = configFile.getParent();
        return new HubConfig(mqtt.resolvedAgainst(baseDirectory), http, baseDirectory.resolve(dataDir).normalize(),
                baseDirectory.resolve(rules).normalize(), rulesEngine, storage, devices, homeassistant,
                bridges.stream().map(bridge -> bridge.resolvedAgainst(baseDirectory)).toList(), cluster, configFile);
    }

    /** With the cluster settings the environment made of the file's ({@link ClusterSettings#withEnvironment}). */
    HubConfig withCluster(Optional<ClusterSettings> settings) {
        return new HubConfig(mqtt, http, dataDir, rules, rulesEngine, storage, devices, homeassistant, bridges, settings, file);
    }

    /**
     * The devices of the {@code devices:} list (their ids and user names: a provisioned device named like one would never
     * log in) and of the bridges' lists, which only the config file changes.
     */
    public ConfiguredDevices configuredDevices() {
        Set<String> ids = new HashSet<>(devices.stream().map(DeviceCredential::id).toList());
        devices.forEach(device -> ids.add(device.username()));
        bridges.forEach(bridge -> bridge.devices().forEach(device -> ids.add(device.id())));
        return new ConfiguredDevices(file, Set.copyOf(ids));
    }

    /** The JDBC url of the configured store: SQLite in the data folder unless storage.url says otherwise. */
    public String storageUrl() {
        return storage.url().orElse("jdbc:sqlite:" + dataDir.resolve("hearth.db"));
    }

}
