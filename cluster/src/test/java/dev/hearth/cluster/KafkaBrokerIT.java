package dev.hearth.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.rules.Causation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness every cluster test stands on: a real broker, the contract's serdes through it, in key order. */
class KafkaBrokerIT {
    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void eventsOfOneSiteArriveInTheOrderTheyWereSent() {
        ClusterTopics topics = ClusterTopics.withPrefix("it");
        broker.createTopics(6, topics.events());
        List<String> sites = List.of("home-1", "home-2", "home-3");
        try (KafkaProducer<String, ClusterEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), ClusterSerdes.events().serializer())) {
            for (int sequence = 0; sequence < 300; sequence++) {
                String site = sites.get(sequence % 3);
                producer.send(new ProducerRecord<>(topics.events(), site, new StateChanged(site, "hub-a", "motion-1",
                        Instant.EPOCH.plusMillis(sequence), "seq", Optional.empty(), TextNode.valueOf("" + sequence),
                        Causation.EXTERNAL)));
            }
        }

        List<StateChanged> received = new ArrayList<>();
        try (KafkaConsumer<String, ClusterEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                ClusterSerdes.events().deserializer())) {
            consumer.subscribe(List.of(topics.events()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 300 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> received.add((StateChanged) record.value()));
            }
        }

        assertThat(received).hasSize(300);
        for (String site : sites) {
            List<Integer> sequences = received.stream().filter(event -> event.site().equals(site))
                    .map(event -> Integer.parseInt(event.current().asText())).toList();
            assertThat(sequences).hasSize(100).isSorted();
        }
    }
}
