package dev.hearth.hub.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the hub keeps devices, state and history. Without a url: SQLite in the data folder,
 * nothing to install. A {@code jdbc:postgresql:} url selects PostgreSQL.
 */
public record StorageSettings(
        String url,
        String user,
        String password,
        Integer poolSize,
        Integer historyRetentionDays) {

    public StorageSettings {
        if (url != null && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("storage.url must start with jdbc:sqlite: or jdbc:postgresql:, got " + url);
        }
        poolSize = poolSize == null ? 4 : poolSize;
        historyRetentionDays = historyRetentionDays == null ? 7 : historyRetentionDays;
        if (poolSize < 1 || poolSize > 64) {
            throw new IllegalArgumentException("storage.pool-size must be between 1 and 64, got " + poolSize);
        }
        if (historyRetentionDays < 1) {
            throw new IllegalArgumentException("storage.history-retention-days must be at least 1, got " + historyRetentionDays);
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(null, null, null, null, null);
    }

    public Optional<String> explicitUrl() {
        return Optional.ofNullable(url);
    }

    public Duration historyRetention() {
        return Duration.ofDays(historyRetentionDays);
    }
}
