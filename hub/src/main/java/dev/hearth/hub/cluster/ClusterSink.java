package dev.hearth.hub.cluster;

import dev.hearth.cluster.ClusterFormatException;
import dev.hearth.cluster.ClusterJson;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.TraceJson;
import dev.hearth.hub.storage.RowCommit;
import dev.hearth.hub.storage.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's storage sink, one in each hub: reads the events and the workers' traces from Kafka (committed records
 * only) and writes the rows a single hub writes for them (history, latest state, status, traces) into the hub's
 * storage. The hubs share the partitions in one consumer group ({@code <prefix>-sink} on a shared PostgreSQL), so each
 * record is stored once; offsets are committed only after its rows are (at least once), and a record read again
 * adds no row ({@link SinkRows}). A record that does not read is logged (topic, partition, offset, field), counted
 * and skipped; while the database does not take the rows, the sink holds them, retries, and says so on /health.
 */
public final class ClusterSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSink.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final ClusterTopics topics;
    private final RowCommit rows;
    private final Thread thread;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile String problem;
    private volatile boolean closing;

    public ClusterSink(String bootstrapServers, String groupId, ClusterTopics topics, RowCommit rows) {
        // a new group stores what Kafka still has: events written before the first hub's sink started count too
        this.consumer = ClusterConsumers.of(bootstrapServers, Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        this.topics = topics;
        this.rows = rows;
        this.thread = new Thread(this::run, "cluster-sink");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records whose rows were committed, since start (a record of no rows counts too). */
    public long stored() {
        return stored.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Times a batch's commit failed and was tried again. */
    public long retries() {
        return retries.get();
    }

    /** Why the sink stores nothing now (the database refuses the rows); empty while it stores. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.events(), topics.traces()));
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                List<Write> batch = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    batch.addAll(rowsOf(record));
                    next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                storeUntilCommitted(batch);
                stored.addAndGet(records.count());
                commitOffsets(next);
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closing) {
                problem = "the storage sink stopped: " + e;
                LOG.error("cluster sink: the consumer stopped; this hub stores no more of the cluster's events", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<Write> rowsOf(ConsumerRecord<String, byte[]> record) {
        String key = record.topic() + "/" + record.partition() + "/" + record.offset();
        try {
            if (record.value() == null) {
                return List.of(); // a tombstone: neither topic has any of its own
            }
            if (record.topic().equals(topics.traces())) {
                return List.of(new Write.TraceRecord(TraceJson.read(record.value())));
            }
            return SinkRows.of(ClusterJson.readEvent(record.value()), key);
        } catch (ClusterFormatException e) {
            malformed.incrementAndGet();
            LOG.warn("cluster sink: skipped the record at topic {} partition {} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return List.of();
        }
    }

    /**
     * Commits the rows, trying again while the database refuses them; the consumer's partitions are paused meanwhile,
     * and it polls on, so that it stays in the group. A partition it is given meanwhile is rewound to where its
     * records started (what the poll returned is not kept).
     */
    private void storeUntilCommitted(List<Write> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                rows.commit(batch);
                if (problem != null) {
                    LOG.info("cluster sink: the database takes rows again");
                }
                problem = null;
                return;
            } catch (RuntimeException | AssertionError e) {
                // a StorageException mostly; the PostgreSQL driver also throws AssertionError (with -ea) on a connection
                // the server dropped: either way the rows are not stored, and the sink must live on to store them
                retries.incrementAndGet();
                if (problem == null) {
                    LOG.error("cluster sink: the database refused {} row(s) ({}); holding them and trying again", batch.size(),
                            e.getMessage());
                }
                problem = "the database does not take the cluster's rows: " + e.getMessage();
            }
            if (closing) {
                throw new InterruptedException("closing with rows not stored (their offsets are not committed)");
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            consumer.pause(consumer.assignment());
            Map<TopicPartition, Long> rewind = new HashMap<>();
            for (ConsumerRecord<String, byte[]> unexpected : consumer.poll(Duration.ZERO)) {
                rewind.putIfAbsent(new TopicPartition(unexpected.topic(), unexpected.partition()), unexpected.offset());
            }
            rewind.forEach(consumer::seek);
        }
    }

    private void commitOffsets(Map<TopicPartition, OffsetAndMetadata> next) {
        consumer.resume(consumer.paused());
        try {
            consumer.commitSync(next);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // a partition went to another hub meanwhile: it reads those records again, and they add no row
            LOG.info("cluster sink: offsets not committed ({}); the records will be read again", e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
