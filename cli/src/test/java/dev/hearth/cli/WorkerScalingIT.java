package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterJson;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.KafkaBroker;
import dev.hearth.rules.Causation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.ProducerPerformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events per second of 1, 2 and 3 workers ({@code hearth worker}, each in a JVM of its own), loaded by Kafka's own
 * producer perf tool with hub events as a hub writes them, partitioned by site. Counted by the workers' consumer
 * group: done when its committed offsets reach the end of the events topic. Prints the figures; asserts only that
 * every event was processed. {@code -Dscaling.events=N} (default a small count for CI), {@code -Dscaling.sites=N},
 * {@code -Dscaling.workers=1,2,3},
 * {@code -Dscaling.profile=true} records a JFR profile of the first worker of each run.
 */
class WorkerScalingIT {
    private static final int EVENTS = Integer.getInteger("scaling.events", 2_000);
    private static final List<Integer> WORKERS = Arrays.stream(System.getProperty("scaling.workers", "1,2,3").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private static final boolean PROFILE = Boolean.getBoolean("scaling.profile");
    private static final int PARTITIONS = 6;
    /** Sites in the payload file (4 events each): few enough that most events find their site's engine running. */
    private static final int SITES = Integer.getInteger("scaling.sites", 100);
    private static final String RULES = """
            rules:
              - id: hallway-light
                when: [ { state: motion-1.occupancy, to: true, for: 10s } ]
                then: [ { command: light-1.turn_on, timeout: 5s } ]
              - id: pump
                mode: parallel
                when: [ { state: tank-1.level, to: high } ]
                then: [ { command: pump-1.start, timeout: 1m } ]
              - id: too-warm
                when: [ { state: thermo-1.temperature, above: 24 } ]
                then: [ { command: fan-1.on, timeout: 5s } ]
            """;

    @TempDir
    Path folder;

    @Test
    void workersProcessEveryEventOfKafkasPerfToolAndPrintTheirRate() throws Exception {
        Files.writeString(folder.resolve("rules.yaml"), RULES);
        Path payloads = writePayloads(folder.resolve("events.jsonl"));
        List<String> figures = new ArrayList<>();
        try (KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka")); Admin admin = kafka.admin()) {
            for (int workers : WORKERS) {
                String prefix = "scale" + workers;
                kafka.createTopics(PARTITIONS, ClusterTopics.withPrefix(prefix).all().toArray(String[]::new));
                List<Process> running = new ArrayList<>();
                try {
                    for (int i = 0; i < workers; i++) {
                        running.add(worker(kafka, prefix, i));
                    }
                    awaitStableGroup(admin, prefix + "-workers", workers);
                    long started = System.nanoTime();
                    ProducerPerformance.main(new String[] {"--topic", prefix + ".events", "--num-records",
                            String.valueOf(EVENTS), "--payload-file", payloads.toString(), "--throughput", "-1",
                            "--bootstrap-server", kafka.bootstrapServers(), "--command-property", "acks=all",
                            "linger.ms=5", "partitioner.class=" + SitePartitioner.class.getName()});
                    double produced = (System.nanoTime() - started) / 1e9;
                    await("every event processed").atMost(Duration.ofSeconds(60 + EVENTS / 100))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> committed(admin, prefix) >= EVENTS);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    assertThat(committed(admin, prefix)).isEqualTo(EVENTS);
                    assertThat(end(admin, prefix + ".events")).isEqualTo(EVENTS);
                    long commands = committedCommands(kafka, prefix + ".commands");
                    assertThat(commands).as("the rules sent commands").isPositive();
                    figures.add(String.format("%d worker(s): %d events in %.1f s (produced in %.1f s): %.0f events/s,"
                            + " %d commands", workers, EVENTS, seconds, produced, EVENTS / seconds, commands));
                } finally {
                    for (Process process : running) {
                        process.destroy();
                    }
                    for (Process process : running) {
                        process.waitFor();
                    }
                }
            }
        }
        figures.forEach(line -> System.out.println("WorkerScalingIT " + line));
    }

    private Process worker(KafkaBroker kafka, String prefix, int index) throws Exception {
        Path log = folder.resolve(prefix + "-worker-" + index + ".log");
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        if (PROFILE && index == 0) {
            Path recording = Path.of("target", prefix + "-worker.jfr").toAbsolutePath();
            jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
            System.out.println("WorkerScalingIT profile of the first worker: " + recording);
        }
        return HearthProcess.start(log, jvm, "worker", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", prefix, "--rules", folder.resolve("rules.yaml").toString(),
                "--state-dir", folder.resolve(prefix + "-state-" + index).toString(),
                "--partitions", String.valueOf(PARTITIONS));
    }

    /** Every worker in the group and no rebalance going on: the load starts on a settled assignment. */
    private static void awaitStableGroup(Admin admin, String group, int members) {
        await("the workers' group is stable with " + members + " members").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    return description.groupState() == GroupState.STABLE && description.members().size() == members;
                });
    }

    /** The sum of the workers' committed offsets on the events topic. */
    private static long committed(Admin admin, String prefix) throws Exception {
        return admin.listConsumerGroupOffsets(prefix + "-workers").partitionsToOffsetAndMetadata().get().entrySet()
                .stream().filter(entry -> entry.getKey().topic().equals(prefix + ".events"))
                .mapToLong(entry -> entry.getValue().offset()).sum();
    }

    /** The commands a hub would read (read_committed), counted to the end of the topic. */
    private static long committedCommands(KafkaBroker kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(partition -> new TopicPartition(topic, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))
                    && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    private static long end(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    /**
     * Hub events as {@link ClusterJson} writes them, one a line: per site a motion sensor, a tank and a thermostat
     * changing. Stamped ahead of now: the tool sends the file's fixed times, and a task takes an event's time only up
     * to now, so the workers run on the wall clock as with live hubs (events stamped in the past would read as a
     * backlog).
     */
    private static Path writePayloads(Path file) throws Exception {
        Instant at = Instant.now().plus(Duration.ofDays(1));
        List<ClusterEvent> events = new ArrayList<>();
        for (int site = 0; site < SITES; site++) {
            String name = "site-" + site;
            events.add(change(name, "motion-1", "occupancy", BooleanNode.FALSE, BooleanNode.TRUE, at));
            events.add(change(name, "motion-1", "occupancy", BooleanNode.TRUE, BooleanNode.FALSE, at));
            events.add(change(name, "tank-1", "level", TextNode.valueOf("low"), TextNode.valueOf("high"), at));
            int warmer = site % 2; // half the sites cross the too-warm line, half stay at it
            events.add(change(name, "thermo-1", "temperature", IntNode.valueOf(23 + warmer), IntNode.valueOf(24 + warmer), at));
        }
        Function<ClusterEvent, String> line = event -> new String(ClusterJson.write(event), StandardCharsets.UTF_8);
        return Files.writeString(file, events.stream().map(line).collect(Collectors.joining("\n")));
    }

    private static ClusterEvent change(String site, String device, String attribute,
                                       com.fasterxml.jackson.databind.JsonNode from,
                                       com.fasterxml.jackson.databind.JsonNode to, Instant at) {
        return new StateChanged(site, "hub-a", device, at, attribute, Optional.of(from), to, Causation.EXTERNAL);
    }
}
