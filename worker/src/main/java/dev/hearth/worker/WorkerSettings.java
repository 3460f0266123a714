package dev.hearth.worker;

import dev.hearth.cluster.ClusterTopics;
import dev.hearth.rules.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule worker needs to run.
 *
 * @param applicationId  the Kafka Streams application id: workers with the same one share the partitions
 * @param topicPrefix    names the cluster's topics ({@link ClusterTopics#withPrefix})
 * @param rules          a rules file or folder, loaded once at start
 * @param stateDir       where the tasks' stores live on disk (RocksDB); rebuilt from their changelogs if lost
 * @param commitInterval how long outputs wait for their transaction: a command goes out at most this late
 * @param sessionTimeout how long a worker that stopped answering keeps its partitions: the failover delay
 * @param zone           the zone of the rules' time conditions and triggers
 */
public record WorkerSettings(String bootstrapServers, String applicationId, String topicPrefix, Path rules,
                             Path stateDir, int standbyReplicas, Duration commitInterval, Duration sessionTimeout,
                             ZoneId zone, EngineSettings engine) {
    public static final int DEFAULT_STANDBY_REPLICAS = 1;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

    public WorkerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        ClusterTopics.withPrefix(topicPrefix);
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(engine, "engine");
        if (standbyReplicas < 0 || commitInterval.isNegative() || sessionTimeout.isNegative()) {
            throw new IllegalArgumentException("standby replicas, commit interval and session timeout must not be negative");
        }
    }

    /**
     * The defaults: application id {@code <prefix>-workers}, one standby, 100 ms commits, 6 s failover, holds that
     * count from their event's time back to {@link TaskTime#HOLD_BACKDATE}.
     */
    public static WorkerSettings of(String bootstrapServers, String topicPrefix, Path rules, Path stateDir) {
        return new WorkerSettings(bootstrapServers, topicPrefix + "-workers", topicPrefix, rules, stateDir,
                DEFAULT_STANDBY_REPLICAS, DEFAULT_COMMIT_INTERVAL, DEFAULT_SESSION_TIMEOUT, ZoneId.systemDefault(),
                EngineSettings.DEFAULTS.withHoldBackdate(TaskTime.HOLD_BACKDATE));
    }

    public ClusterTopics topics() {
        return ClusterTopics.withPrefix(topicPrefix);
    }

    public WorkerSettings withApplicationId(String applicationId) {
        return new WorkerSettings(bootstrapServers, applicationId, topicPrefix, rules, stateDir, standbyReplicas,
                commitInterval, sessionTimeout, zone, engine);
    }

    public WorkerSettings withStateDir(Path stateDir) {
        return new WorkerSettings(bootstrapServers, applicationId, topicPrefix, rules, stateDir, standbyReplicas,
                commitInterval, sessionTimeout, zone, engine);
    }

    public WorkerSettings withEngine(EngineSettings engine) {
        return new WorkerSettings(bootstrapServers, applicationId, topicPrefix, rules, stateDir, standbyReplicas,
                commitInterval, sessionTimeout, zone, engine);
    }
}
