package dev.hearth.hub.cluster;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The hub's readers of the cluster's topics: committed records only, offsets committed by hand if at all. */
final class ClusterConsumers {
    private ClusterConsumers() {
    }

    /** {@code own}: what this reader sets besides (its group, where a new one starts). */
    static Consumer<String, byte[]> of(String bootstrapServers, Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", // a worker writes in transactions
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // reading must not create a topic the workers have not (with the broker's default partitions)
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000));
        config.putAll(own);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
