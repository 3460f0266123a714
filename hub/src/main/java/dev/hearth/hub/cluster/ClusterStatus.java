package dev.hearth.hub.cluster;

import java.util.Optional;

/** Whether the hub runs in cluster mode and, if so, whether its events reach Kafka (health, the rules API). */
public interface ClusterStatus {
    ClusterStatus SINGLE_HUB = new ClusterStatus() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Optional<String> problem() {
            return Optional.empty();
        }
    };

    boolean enabled();

    /** Why the hub's events do not reach Kafka now; empty while they do, and in single-hub mode. */
    Optional<String> problem();
}
