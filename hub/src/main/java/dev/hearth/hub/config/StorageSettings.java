package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the hub keeps devices, state and history. Without a url: SQLite in the data folder,
 * nothing to install. A {@code jdbc:postgresql:} url selects PostgreSQL; a user and password
 * only when its database wants them.
 */
public record StorageSettings(
        Optional<String> url,
        Optional<String> user,
        Optional<String> password,
        int poolSize,
        int historyRetentionDays) {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final int DEFAULT_HISTORY_RETENTION_DAYS = 7;

    public StorageSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        url.ifPresent(jdbc -> {
            if (!jdbc.startsWith("jdbc:sqlite:") && !jdbc.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("storage.url must start with jdbc:sqlite: or jdbc:postgresql:, got " + jdbc);
            }
        });
        if (poolSize < 1 || poolSize > 64) {
            throw new IllegalArgumentException("storage.pool-size must be between 1 and 64, got " + poolSize);
        }
        if (historyRetentionDays < 1) {
            throw new IllegalArgumentException("storage.history-retention-days must be at least 1, got " + historyRetentionDays);
        }
    }

    /** As written in the config; a key left out (null) takes its default. */
    @JsonCreator
    public static StorageSettings of(@JsonProperty("url") String url, @JsonProperty("user") String user,
                                     @JsonProperty("password") String password, @JsonProperty("pool-size") Integer poolSize,
                                     @JsonProperty("history-retention-days") Integer historyRetentionDays) {
        return new StorageSettings(Optional.ofNullable(url), Optional.ofNullable(user), Optional.ofNullable(password),
                poolSize == null ? DEFAULT_POOL_SIZE : poolSize,
                historyRetentionDays == null ? DEFAULT_HISTORY_RETENTION_DAYS : historyRetentionDays);
    }

    public static StorageSettings defaults() {
        return of(null, null, null, null, null);
    }

    public Duration historyRetention() {
        return Duration.ofDays(historyRetentionDays);
    }
}
