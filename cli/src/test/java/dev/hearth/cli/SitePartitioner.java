package dev.hearth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;

/**
 * For Kafka's producer perf tool, which sends its payloads without a key: the partition a hub's record of the same
 * event goes to (a hub keys each event by its site, and the default partitioner hashes the key), read from the
 * payload's {@code site}. So one site's events stay on one partition, as in a cluster.
 */
public final class SitePartitioner implements Partitioner {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        try {
            byte[] site = JSON.readTree(valueBytes).path("site").asText().getBytes(StandardCharsets.UTF_8);
            return BuiltInPartitioner.partitionForKey(site, cluster.partitionCountForTopic(topic));
        } catch (IOException e) {
            throw new UncheckedIOException("a payload that is not an event's JSON on " + topic, e);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
