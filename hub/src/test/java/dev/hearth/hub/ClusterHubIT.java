package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.cluster.ClusterCommand;
import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterEvent.AvailabilityChanged;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterSerdes;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.KafkaBroker;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.rules.Causation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hubs in cluster mode on one real Kafka, their devices plain Paho clients: what the devices say arrives on the
 * events topic, keyed by site; a command of the workers reaches the device through the hub that holds it, once.
 */
class ClusterHubIT {
    private static final ClusterTopics TOPICS = ClusterTopics.withPrefix("it");
    private static final String LAMP = "lamp-1";
    private static final String LAMP_PASSWORD = "lamp-1-secret";

    private static KafkaBroker kafka;
    private static HubFixture hubA;
    private static HubProcess hubB;
    private static KafkaConsumer<String, ClusterEvent> events;
    private static KafkaProducer<String, ClusterCommand> commands;
    private static final List<ConsumerRecord<String, ClusterEvent>> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30)); // a Kafka on a busy machine
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopics(3, TOPICS.events(), TOPICS.commands());
        String lamp = """
                  - id: %s
                    password-hash: "%s"
                    site: flat-2
                """.formatted(LAMP, PasswordHasher.hash(LAMP_PASSWORD));
        hubA = HubFixture.startWithDevices(dir.resolve("hub-a"), "rules: []\n", lamp, cluster("hub-a"));
        Path configB = dir.resolve("hub-b").resolve("hearth.yml");
        HubProcess.write(configB, """
                mqtt: { host: 127.0.0.1, port: 0 }
                http: { host: 127.0.0.1, port: 0 }
                %s
                devices:
                  - id: %s
                    password-hash: "%s"
                """.formatted(cluster("hub-b"), COFFEE, PasswordHasher.hash(COFFEE_PASSWORD)));
        hubB = HubProcess.start(configB);
        events = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                ClusterSerdes.events().deserializer());
        List<TopicPartition> partitions = events.partitionsFor(TOPICS.events()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        events.assign(partitions);
        events.seekToBeginning(partitions);
        commands = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), ClusterSerdes.commands().serializer());
        awaitReadingCommands("hub-a");
        awaitReadingCommands("hub-b");
    }

    @AfterAll
    static void stop() {
        commands.close();
        events.close();
        hubB.close();
        hubA.close();
        kafka.close();
        Awaitility.reset();
    }

    private static String cluster(String hubId) {
        return "cluster: { bootstrap-servers: \"%s\", hub-id: %s, topic-prefix: it }".formatted(kafka.bootstrapServers(), hubId);
    }

    /** Each hub's group commits where it starts reading once it has its partitions: from then on it reads every command. */
    private static void awaitReadingCommands(String hubId) {
        try (Admin admin = kafka.admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.listConsumerGroupOffsets("it-hub-" + hubId)
                    .partitionsToOffsetAndMetadata().get().keySet().stream().filter(tp -> tp.topic().equals(TOPICS.commands()))
                    .count() == 3);
        }
    }

    @Test
    void aDevicesStateChangesArriveInOrderWithTheirPreviousValueKeyedByItsSite() throws Exception {
        MqttAsyncClient bed = RawMqtt.connectAsync(hubA.brokerUri(), "bed-plain", BED, BED_PASSWORD);
        MqttAsyncClient lamp = RawMqtt.connectAsync(hubA.brokerUri(), "lamp-plain", LAMP, LAMP_PASSWORD);
        try {
            for (String occupant : List.of("asleep", "awake", "up")) {
                assertThat(RawMqtt.publishForReason(bed, "devices/bed-1/state",
                        ("{\"occupant\":\"" + occupant + "\"}").getBytes(StandardCharsets.UTF_8))).isLessThan(0x80);
            }
            assertThat(RawMqtt.publishForReason(lamp, "devices/lamp-1/state", "{\"on\":true}".getBytes(StandardCharsets.UTF_8)))
                    .isLessThan(0x80); // 0, or 16: no subscriber

            List<ConsumerRecord<String, ClusterEvent>> bedStates = await().until(
                    () -> records(StateChanged.class, BED, "occupant"), found -> found.size() == 3);
            assertThat(bedStates).extracting(ConsumerRecord::key).containsOnly("default");
            assertThat(bedStates).extracting(record -> ((StateChanged) record.value()).current().asText())
                    .containsExactly("asleep", "awake", "up");
            assertThat(bedStates).extracting(record -> ((StateChanged) record.value()).previous().map(JsonNode::asText))
                    .containsExactly(Optional.empty(), Optional.of("asleep"), Optional.of("awake"));
            assertThat(bedStates).extracting(record -> record.value().hub()).containsOnly("hub-a");
            List<ConsumerRecord<String, ClusterEvent>> lampStates = await().until(
                    () -> records(StateChanged.class, LAMP, "on"), found -> found.size() == 1);
            assertThat(lampStates.get(0).key()).isEqualTo("flat-2");
            assertThat(lampStates.get(0).value().site()).isEqualTo("flat-2");
        } finally {
            RawMqtt.closeQuietly(bed);
            RawMqtt.closeQuietly(lamp);
        }
    }

    @Test
    void availabilityFollowsTheConnectionAndTheLastWill() throws Exception {
        int before = availability(LAMP, "hub-a").size();
        MqttAsyncClient lamp = RawMqtt.connectAsync(hubA.brokerUri(), "lamp-will", LAMP, LAMP_PASSWORD);
        // one read per poll: two would race the records that arrive between them
        await().until(() -> availability(LAMP, "hub-a"), seen -> seen.subList(before, seen.size()).contains(true));
        // a disconnect that asks for the last will, as a device dying would leave it to the broker
        lamp.disconnect(5_000, null, null, 4, new MqttProperties()).waitForCompletion(10_000);
        lamp.close();
        await().until(() -> availability(LAMP, "hub-a"), seen -> seen.subList(before, seen.size()).equals(List.of(true, false)));
    }

    @Test
    void aCommandReachesTheDeviceAndItsReplyComesBackOnce() throws Exception {
        List<String> brews = new CopyOnWriteArrayList<>();
        MqttAsyncClient coffee = answeringCoffee(hubA.brokerUri(), brews);
        try {
            ClusterCommand brew = command("cmd-once", cups(2), Instant.now());
            send(brew);
            send(brew); // a worker's task replayed after a failover writes the same command again
            CommandCompleted completed = await().until(() -> completed("cmd-once"), Optional::isPresent).get();
            assertThat(completed.ok()).as("%s", completed).isTrue();
            assertThat(completed.hub()).isEqualTo("hub-a");
            assertThat(completed.deviceId()).isEqualTo(COFFEE);
            await().until(() -> hubA.metric("hearth_cluster_commands_total{outcome=\"duplicate\"}") >= 1);
            assertThat(brews).containsExactly("devices/coffee-1/commands/brew {\"cups\":2}");
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }

    @Test
    void onlyTheHubThatHoldsTheDeviceDeliversItsCommand() throws Exception {
        List<String> brews = new CopyOnWriteArrayList<>();
        MqttAsyncClient coffee = answeringCoffee("tcp://127.0.0.1:" + hubB.mqttPort, brews);
        try {
            double notHeldByA = hubA.metric("hearth_cluster_commands_total{outcome=\"not_held\"}");
            send(command("cmd-held-by-b", cups(3), Instant.now()));
            CommandCompleted completed = await().until(() -> completed("cmd-held-by-b"), Optional::isPresent).get();
            assertThat(completed.hub()).isEqualTo("hub-b");
            await().until(() -> hubA.metric("hearth_cluster_commands_total{outcome=\"not_held\"}") > notHeldByA);
            assertThat(brews).containsExactly("devices/coffee-1/commands/brew {\"cups\":3}");
            assertThat(received).filteredOn(record -> record.value() instanceof CommandCompleted done
                    && done.commandId().equals("cmd-held-by-b")).hasSize(1);
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }

    @Test
    void aCommandPastItsTimeoutIsNotDelivered() throws Exception {
        List<String> brews = new CopyOnWriteArrayList<>();
        MqttAsyncClient coffee = answeringCoffee(hubA.brokerUri(), brews);
        try {
            double expired = hubA.metric("hearth_cluster_commands_total{outcome=\"expired\"}");
            send(command("cmd-late", cups(9), Instant.now().minusSeconds(30)));
            await().until(() -> hubA.metric("hearth_cluster_commands_total{outcome=\"expired\"}") > expired);
            send(command("cmd-after-late", cups(1), Instant.now())); // commands are read in order: once it is done, so is the late one
            await().until(() -> completed("cmd-after-late"), Optional::isPresent);
            assertThat(brews).containsExactly("devices/coffee-1/commands/brew {\"cups\":1}");
            assertThat(completed("cmd-late")).isEmpty();
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }

    /**
     * On SQLite each hub's storage sink reads every hub's events (a group of its own): hub A stores what the coffee
     * machine on hub B reported, and its API answers with it.
     */
    @Test
    void onSqliteEachHubStoresEveryHubsDevicesAndAnswersForThem() throws Exception {
        MqttAsyncClient coffee = RawMqtt.connectAsync("tcp://127.0.0.1:" + hubB.mqttPort, "coffee-on-b", COFFEE, COFFEE_PASSWORD);
        try {
            assertThat(RawMqtt.publishForReason(coffee, "devices/coffee-1/state",
                    "{\"sink_probe\":321}".getBytes(StandardCharsets.UTF_8))).isLessThan(0x80);
            await().until(() -> hubA.getJson("/api/devices/coffee-1").path("state").path("sink_probe").asInt() == 321);
            assertThat(hubA.getJson("/api/devices/coffee-1/history?attribute=sink_probe").path("points").size()).isEqualTo(1);
            assertThat(hubA.metric("hearth_cluster_sink_records_total{outcome=\"stored\"}")).isPositive();
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }

    @Test
    void theRulesRunOnTheWorkersNotInTheHub() {
        assertThat(hubA.getJson("/api/rules").path("rules").size()).isZero();
        var refused = hubA.send("POST", "/api/rules/morning-coffee/enable", null, hubA.adminToken);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("rules run on the cluster's workers");
        JsonNode health = hubA.getJson("/health");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("checks").get("cluster").asText()).isEqualTo("UP");
        assertThat(hubA.metric("hearth_cluster_events_produced_total")).isPositive();
    }

    /** Subscribed once the call returns: the hub holds the device and it listens. */
    private static MqttAsyncClient answeringCoffee(String brokerUri, List<String> brews) throws Exception {
        MqttAsyncClient coffee = RawMqtt.connectAsync(brokerUri, "coffee-plain-" + System.identityHashCode(brews), COFFEE, COFFEE_PASSWORD);
        RawMqtt.answerEveryCommand(coffee, 1, brews::add);
        coffee.subscribe("devices/coffee-1/commands/#", 1).waitForCompletion(10_000);
        return coffee;
    }

    private static ObjectNode cups(int cups) {
        return JsonNodeFactory.instance.objectNode().put("cups", cups);
    }

    private static ClusterCommand command(String id, ObjectNode args, Instant issuedAt) {
        return new ClusterCommand(id, "default", COFFEE, "brew", args, Duration.ofSeconds(5), "morning-coffee",
                new Causation("cause-" + id, 1), issuedAt);
    }

    private static void send(ClusterCommand command) throws Exception {
        commands.send(new ProducerRecord<>(TOPICS.commands(), command.site(), command)).get();
    }

    private static synchronized void poll() {
        events.poll(Duration.ofMillis(200)).forEach(received::add);
    }

    private static List<ConsumerRecord<String, ClusterEvent>> records(Class<? extends ClusterEvent> kind, String device, String attribute) {
        poll();
        return received.stream().filter(record -> kind.isInstance(record.value()) && record.value().deviceId().equals(device)
                && (!(record.value() instanceof StateChanged changed) || changed.attribute().equals(attribute))).toList();
    }

    private static List<Boolean> availability(String device, String hub) {
        return records(AvailabilityChanged.class, device, "").stream().filter(record -> record.value().hub().equals(hub))
                .map(record -> ((AvailabilityChanged) record.value()).online()).toList();
    }

    private static Optional<CommandCompleted> completed(String commandId) {
        poll();
        return received.stream().map(ConsumerRecord::value).filter(CommandCompleted.class::isInstance).map(CommandCompleted.class::cast)
                .filter(done -> done.commandId().equals(commandId)).findFirst();
    }
}
