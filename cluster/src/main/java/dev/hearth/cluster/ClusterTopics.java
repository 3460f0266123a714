package dev.hearth.cluster;

import java.util.Objects;

/**
 * The cluster's two topics, named from one prefix so that two clusters can share a Kafka.
 *
 * @param events   device events, hub → workers, keyed by site
 * @param commands commands rules sent, workers → hubs, keyed by site
 */
public record ClusterTopics(String events, String commands) {
    public static final String DEFAULT_PREFIX = "hearth";

    public ClusterTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(commands, "commands");
    }

    public static ClusterTopics withPrefix(String prefix) {
        if (prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a topic prefix is letters, digits, '.', '_' or '-': " + prefix);
        }
        return new ClusterTopics(prefix + ".events", prefix + ".commands");
    }
}
