package dev.hearth.hub.cluster;

import dev.hearth.cluster.ClusterCommand;
import dev.hearth.cluster.ClusterFormatException;
import dev.hearth.cluster.ClusterJson;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the commands the rule workers sent and delivers, through the hub's command dispatcher, those for the devices
 * this hub holds; every hub reads all of them (a group of its own, {@code <prefix>-hub-<hub-id>}) and ignores the
 * others. Only committed records are read (a worker writes in transactions); a command delivered before is dropped
 * ({@link CommandIdWindow}), and one whose {@code issuedAt + timeout} has passed is dropped as expired. What became of
 * a delivered command goes back on the events topic ({@link ClusterFeed#completed}).
 *
 * <p>A new group starts at the end of the topic: a hub that first joins does not replay the commands of the past.
 * Offsets are committed after each poll's commands were handed to the dispatcher; a hub restarted in between sees
 * them again, and delivers those it had not yet remembered.
 */
public final class ClusterCommands implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCommands.class);
    private static final int REMEMBERED_IDS = 100_000;

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Predicate<String> holds;
    private final CommandSink dispatcher;
    private final ClusterFeed feed;
    private final Clock clock;
    private final CommandIdWindow delivered;
    private final Thread thread;
    private final Map<String, AtomicLong> counts = Map.of("received", new AtomicLong(), "delivered", new AtomicLong(),
            "duplicate", new AtomicLong(), "expired", new AtomicLong(), "not_held", new AtomicLong(),
            "malformed", new AtomicLong());
    private volatile boolean assigned;
    private volatile boolean closing;

    /** {@code holds}: whether a device's commands are this hub's to deliver. */
    public ClusterCommands(String bootstrapServers, String groupId, String topic, Predicate<String> holds, CommandSink dispatcher,
                           ClusterFeed feed, Clock clock) {
        this.consumer = ClusterConsumers.of(bootstrapServers, Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        this.topic = topic;
        this.holds = holds;
        this.dispatcher = dispatcher;
        this.feed = feed;
        this.clock = clock;
        this.delivered = new CommandIdWindow(REMEMBERED_IDS, clock);
        this.thread = new Thread(this::run, "cluster-commands");
        thread.setDaemon(true);
        thread.start();
    }

    /** Counted by outcome: received, delivered, duplicate, expired, not_held, malformed. */
    public Map<String, AtomicLong> counts() {
        return counts;
    }

    /** Whether the hub has its share of the commands topic (and, once, committed where it starts). */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // where a new group starts (the end) is committed at once: a command written from now on is read
                    // even if the hub restarts before it reads anything
                    Map<TopicPartition, OffsetAndMetadata> positions = new java.util.HashMap<>();
                    partitions.forEach(partition -> positions.put(partition, new OffsetAndMetadata(consumer.position(partition))));
                    consumer.commitSync(positions);
                    assigned = true;
                }
            });
            while (!closing) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    take(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("cluster commands: the consumer stopped; this hub delivers no more commands of the rule workers", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        ClusterCommand command;
        try {
            command = ClusterJson.readCommand(record.value());
        } catch (ClusterFormatException e) {
            count("malformed");
            LOG.warn("cluster commands: skipped the record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        count("received");
        if (!holds.test(command.deviceId())) {
            count("not_held");
            return;
        }
        Instant expires = command.issuedAt().plus(command.timeout());
        Duration left = Duration.between(clock.instant(), expires);
        if (left.isNegative() || left.isZero()) {
            count("expired");
            LOG.info("cluster commands: {} for {} (rule {}) expired {} ago, not delivered", command.command(),
                    command.deviceId(), command.ruleId(), left.negated());
            return;
        }
        if (!delivered.firstTime(command.commandId(), expires)) {
            count("duplicate");
            return;
        }
        count("delivered");
        dispatcher.send(new CommandRequest(command.deviceId(), command.command(), command.args(), left, command.ruleId(),
                command.causation())).whenComplete((result, error) -> {
            if (result != null) {
                feed.completed(command, result);
            }
        });
    }

    private void count(String outcome) {
        counts.get(outcome).incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
