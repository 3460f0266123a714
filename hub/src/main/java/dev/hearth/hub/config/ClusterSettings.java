package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.SiteKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * hearth.yml's {@code cluster:} section: this hub writes its devices' events to Kafka and takes the commands of the
 * rule workers from it, instead of running the rules itself. {@code hubId} names the hub in its events and its
 * commands' consumer group (default: the host name); {@code site} is the site of the devices that name none;
 * {@code ackTimeout} bounds how long a QoS 1 PUBACK waits for Kafka's acknowledgement.
 */
public record ClusterSettings(String bootstrapServers, String hubId, String site, String topicPrefix, Duration ackTimeout) {
    public static final long DEFAULT_ACK_TIMEOUT_MS = 10_000;
    static final String ENV_BOOTSTRAP_SERVERS = "HEARTH_CLUSTER_BOOTSTRAP_SERVERS";
    static final String ENV_HUB_ID = "HEARTH_CLUSTER_HUB_ID";
    static final String ENV_SITE = "HEARTH_CLUSTER_SITE";
    /** Read by the hub and by {@code hearth worker}: both sides must name the same topics. */
    static final String ENV_TOPIC_PREFIX = "HEARTH_CLUSTER_TOPIC_PREFIX";
    /** {@code hearth worker}'s; a hub that shares its environment takes no notice of it. */
    static final String ENV_PARTITIONS = "HEARTH_CLUSTER_PARTITIONS";
    private static final List<String> VARIABLES = List.of(ENV_BOOTSTRAP_SERVERS, ENV_HUB_ID, ENV_SITE, ENV_TOPIC_PREFIX,
            ENV_PARTITIONS);

    public ClusterSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("cluster.bootstrap-servers is required: the Kafka brokers, e.g. kafka-1:9092,kafka-2:9092");
        }
        Objects.requireNonNull(hubId, "hubId");
        if (!hubId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("cluster.hub-id must be 1 to 64 letters, digits, '.', '_' or '-', was '" + hubId + "'");
        }
        requireSite(site, "cluster.site");
        try {
            ClusterTopics.withPrefix(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster.topic-prefix: " + e.getMessage());
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero() || ackTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("cluster.ack-timeout-ms must be within 1..60000, was " + ackTimeout.toMillis());
        }
    }

    /** As written in the config; a key left out takes its default. */
    @JsonCreator
    public static ClusterSettings of(@JsonProperty("bootstrap-servers") String bootstrapServers,
                                     @JsonProperty("hub-id") String hubId, @JsonProperty("site") String site,
                                     @JsonProperty("topic-prefix") String topicPrefix,
                                     @JsonProperty("ack-timeout-ms") Long ackTimeoutMs) {
        return new ClusterSettings(bootstrapServers, hubId == null ? hostName() : hubId, site == null ? SiteKey.DEFAULT_SITE : site,
                topicPrefix == null ? ClusterTopics.DEFAULT_PREFIX : topicPrefix,
                Duration.ofMillis(ackTimeoutMs == null ? DEFAULT_ACK_TIMEOUT_MS : ackTimeoutMs));
    }

    /**
     * The file's section with the environment's {@code HEARTH_CLUSTER_*} variables over it (a container sets them):
     * {@code HEARTH_CLUSTER_BOOTSTRAP_SERVERS} alone turns cluster mode on. Empty when neither asks for it.
     */
    static Optional<ClusterSettings> withEnvironment(Optional<ClusterSettings> file, Map<String, String> env) {
        // a misspelt name would leave the file's value, or the default, in force without a word
        env.keySet().stream().filter(name -> name.startsWith("HEARTH_CLUSTER_") && !VARIABLES.contains(name)).sorted()
                .findFirst().ifPresent(name -> {
                    throw new ConfigException(name + " is not a variable the hub or a worker reads; HEARTH_CLUSTER_* are: "
                            + String.join(", ", VARIABLES));
                });
        Optional<String> servers = variable(env, ENV_BOOTSTRAP_SERVERS);
        Optional<String> hubId = variable(env, ENV_HUB_ID);
        Optional<String> site = variable(env, ENV_SITE);
        Optional<String> prefix = variable(env, ENV_TOPIC_PREFIX);
        if (file.isEmpty() && servers.isEmpty()) {
            Optional<String> stray = hubId.isPresent() ? Optional.of(ENV_HUB_ID) : site.map(s -> ENV_SITE);
            if (stray.isPresent()) {
                throw new ConfigException(stray.get() + " is set, but the hub is not in cluster mode: set "
                        + ENV_BOOTSTRAP_SERVERS + " or a cluster: section in hearth.yml");
            }
            return Optional.empty();
        }
        ClusterSettings base = file.orElseGet(() -> of(servers.get(), null, null, null, null));
        try {
            return Optional.of(new ClusterSettings(servers.orElse(base.bootstrapServers()), hubId.orElse(base.hubId()),
                    site.orElse(base.site()), prefix.orElse(base.topicPrefix()), base.ackTimeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("environment (" + String.join(", ", env.keySet().stream()
                    .filter(name -> name.startsWith("HEARTH_CLUSTER_")).sorted().toList()) + "): " + e.getMessage());
        }
    }

    static void requireSite(String site, String key) {
        try {
            SiteKey.require(site);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static Optional<String> variable(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "hub";
        }
    }
}
