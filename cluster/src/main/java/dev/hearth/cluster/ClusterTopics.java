package dev.hearth.cluster;

import java.util.List;
import java.util.Objects;

/**
 * The cluster's topics, named from one prefix so that two clusters can share a Kafka.
 *
 * @param events   device events, hub → workers (and the hubs' storage sink), keyed by site
 * @param commands commands rules sent, workers → hubs, keyed by site
 * @param traces   the traces of the workers' rule runs ({@link TraceJson}), workers → the hubs' storage sink, keyed by site
 */
public record ClusterTopics(String events, String commands, String traces) {
    public static final String DEFAULT_PREFIX = "hearth";

    public ClusterTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(traces, "traces");
    }

    public static ClusterTopics withPrefix(String prefix) {
        if (prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a topic prefix is letters, digits, '.', '_' or '-': " + prefix);
        }
        return new ClusterTopics(prefix + ".events", prefix + ".commands", prefix + ".traces");
    }

    public List<String> all() {
        return List.of(events, commands, traces);
    }
}
