package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hub's configuration (deploy/hearth.yml). Relative paths are relative to the config file;
 * {@link #resolvedAgainst(Path)} makes them absolute once, at the edge.
 */
public record HubConfig(
        MqttSettings mqtt,
        HttpSettings http,
        @JsonProperty("data-dir") Path dataDir,
        Path rules,
        RulesSettings rulesEngine,
        StorageSettings storage,
        List<DeviceCredential> devices) {

    public HubConfig {
        mqtt = mqtt == null ? MqttSettings.defaults() : mqtt;
        http = http == null ? HttpSettings.defaults() : http;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        rules = rules == null ? Path.of("rules") : rules;
        storage = storage == null ? StorageSettings.defaults() : storage;
        rulesEngine = rulesEngine == null ? RulesSettings.defaults() : rulesEngine;
        devices = devices == null ? List.of() : List.copyOf(devices);
        Set<String> seen = new HashSet<>();
        for (DeviceCredential device : devices) {
            if (!seen.add(device.id())) {
                throw new IllegalArgumentException("device '" + device.id() + "' is declared twice");
            }
        }
    }

    public HubConfig resolvedAgainst(Path baseDirectory) {
        return new HubConfig(mqtt.resolvedAgainst(baseDirectory), http, baseDirectory.resolve(dataDir).normalize(),
                baseDirectory.resolve(rules).normalize(), rulesEngine, storage, devices);
    }

    /** The JDBC url of the configured store: SQLite in the data folder unless storage.url says otherwise. */
    public String storageUrl() {
        return storage.explicitUrl().orElse("jdbc:sqlite:" + dataDir.resolve("hearth.db"));
    }

}
