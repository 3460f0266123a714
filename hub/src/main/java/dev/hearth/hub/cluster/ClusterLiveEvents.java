package dev.hearth.hub.cluster;

import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterEvent.AvailabilityChanged;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.MetaDescribed;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterEvent.TelemetryReceived;
import dev.hearth.cluster.ClusterFormatException;
import dev.hearth.cluster.ClusterJson;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.TraceJson;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.events.LiveEvents;
import dev.hearth.rules.RunReport;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In cluster mode, the hub's live event stream ({@code /api/events}) shows the other hubs' devices too, and the
 * workers' rule runs: this hub reads every partition of the events and traces topics from their end (no consumer group,
 * no offsets: live is best effort, as {@link LiveEvents} is), and passes on what another hub's devices did (its own
 * devices' events reach the stream from its state store, first hand).
 */
public final class ClusterLiveEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLiveEvents.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final String hubId;
    private final ClusterTopics topics;
    private final LiveEvents live;
    private final Thread thread;
    private volatile boolean assigned;
    private volatile boolean closing;

    public ClusterLiveEvents(String bootstrapServers, String hubId, ClusterTopics topics, LiveEvents live) {
        this.consumer = ClusterConsumers.of(bootstrapServers, Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        this.hubId = hubId;
        this.topics = topics;
        this.live = live;
        this.thread = new Thread(this::run, "cluster-live-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether it reads the topics (they may not exist yet when the hub starts: the first worker creates them). */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            while (!closing && !assigned) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(topics.events(), topics.traces())) {
                    for (PartitionInfo info : partitionsOf(topic)) {
                        partitions.add(new TopicPartition(info.topic(), info.partition()));
                    }
                }
                // the workers create the topics together; a cluster set up by hand may have no traces topic
                if (partitions.stream().anyMatch(partition -> partition.topic().equals(topics.events()))) {
                    consumer.assign(partitions);
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position); // the end, now: what comes after is live
                    assigned = true;
                } else {
                    Thread.sleep(POLL.toMillis());
                }
            }
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    pass(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("cluster live events: the consumer stopped; /api/events shows this hub's devices only", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<PartitionInfo> partitionsOf(String topic) {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            return partitions == null ? List.of() : partitions;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of(); // Kafka away, or no such topic yet: asked again
        }
    }

    private void pass(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(topics.traces())) {
                Trace trace = TraceJson.read(record.value());
                live.onRun(new RunReport(trace.ruleId(), trace.trigger(), trace.outcome(), trace.detail(), trace.ended(),
                        trace.causation(), trace.runId()));
                return;
            }
            ClusterEvent event = ClusterJson.readEvent(record.value());
            if (!event.hub().equals(hubId)) {
                event.accept(new Pass());
            }
        } catch (ClusterFormatException e) {
            // the storage sink logs and counts it; live, it is only not shown
            LOG.debug("cluster live events: skipped the record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private final class Pass implements ClusterEvent.Visitor<Void> {
        @Override
        public Void state(StateChanged changed) {
            live.onStateChange(new StateChange(changed.deviceId(), changed.attribute(), changed.previous(), changed.current(),
                    changed.at(), changed.causation()));
            return null;
        }

        @Override
        public Void availability(AvailabilityChanged availability) {
            live.onAvailability(availability.deviceId(), availability.online() ? Availability.ONLINE : Availability.OFFLINE,
                    availability.at());
            return null;
        }

        @Override
        public Void telemetry(TelemetryReceived telemetry) {
            return null; // the stream has no measurements of the hub's own devices either
        }

        @Override
        public Void meta(MetaDescribed described) {
            return null;
        }

        @Override
        public Void commandCompleted(CommandCompleted completed) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
