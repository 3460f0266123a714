package dev.hearth.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the cluster's topics when they are missing, so that a new cluster needs no Kafka tool: with as many
 * partitions as the most workers the cluster will run (a partition is the unit a worker owns; they cannot be split
 * later without moving sites between them), replicated on up to three brokers. Topics that exist are left as they are.
 */
public final class TopicSetup {
    private static final int MAX_REPLICATION = 3;

    private TopicSetup() {
    }

    /** The topics of {@code topics} that this call created (empty when all existed). */
    public static List<String> ensure(Admin admin, ClusterTopics topics, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            short replication = (short) Math.min(MAX_REPLICATION, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            List<NewTopic> missing = topics.all().stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitions, replication))
                    .toList();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another worker made it first
                    throw e;
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not set up the topics " + topics.all()
                    + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up the cluster's topics", e);
        }
    }
}
