package dev.hearth.hub.cluster;

import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterSerdes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the hub's device events to the events topic, keyed by site, with an idempotent producer (acks=all): an event
 * Kafka acknowledged is on every in-sync replica, once, in the order it was appended here.
 *
 * <p>The broker's threads only append to a bounded queue and never wait: a thread of its own hands the events to the
 * producer, which may block while Kafka is away (no metadata yet: a hub may start before Kafka). An event the producer
 * did not take then waits at the head of the queue and is offered again; when the queue is full an append is refused
 * at once, and counted. Kafka's own retries take over once an event is in the producer.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final Duration RETRY_AFTER = Duration.ofMillis(500);
    /** While no event goes out, how often the sender asks Kafka for the topic, so that /health knows it is away. */
    private static final Duration PROBE_EVERY = Duration.ofSeconds(5);

    private final Producer<String, ClusterEvent> producer;
    private final String topic;
    private final BlockingQueue<Pending> queue;
    private final Thread sender;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Why the last event did not reach Kafka, until one does again. */
    private final AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
    private final String bootstrapServers;
    private volatile boolean closing;

    private record Pending(ClusterEvent event, CompletableFuture<Boolean> written) {
    }

    public EventLog(String bootstrapServers, String hubId, String topic, int capacity) {
        this(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "hearth-hub-" + hubId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // the sender thread's wait for metadata while Kafka is away: short, so that it says so soon
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000),
                new StringSerializer(), ClusterSerdes.events().serializer()), bootstrapServers, topic, capacity);
    }

    EventLog(Producer<String, ClusterEvent> producer, String bootstrapServers, String topic, int capacity) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = new Thread(this::send, "cluster-events");
        sender.setDaemon(true);
        sender.start();
    }

    /** Never blocks: true once Kafka acknowledged the event, false when it failed or the queue was full. */
    public CompletableFuture<Boolean> append(ClusterEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        if (closing || !queue.offer(pending)) {
            refused.incrementAndGet();
            pending.written().complete(false);
        }
        return pending.written();
    }

    private void send() {
        Pending next = null;
        long probedAt = System.nanoTime() - PROBE_EVERY.toNanos();
        while (!closing || next != null || !queue.isEmpty()) {
            try {
                if (next == null) {
                    next = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        if (System.nanoTime() - probedAt >= PROBE_EVERY.toNanos() && !closing) {
                            probe();
                            probedAt = System.nanoTime();
                        }
                        continue;
                    }
                }
                if (handOver(next)) {
                    next = null;
                } else if (closing) {
                    fail(next, "the hub is stopping");
                    next = null;
                } else {
                    Thread.sleep(RETRY_AFTER.toMillis()); // Kafka is away: the event waits at the head of the queue
                }
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!closing) { // at close, an interrupted wait for Kafka's metadata
                    LOG.error("cluster events: could not hand an event to Kafka's producer", e);
                }
                if (next != null) {
                    fail(next, e.toString());
                    next = null;
                }
            }
        }
    }

    /**
     * False when the producer did not take the event for want of Kafka's metadata in time: its callback then runs on
     * this thread, inside {@code send}. Any other refusal (a record too large) fails the event; an event the producer
     * took is settled later, on the producer's own thread.
     */
    private boolean handOver(Pending pending) {
        boolean[] refusedHere = {false};
        Thread self = Thread.currentThread();
        producer.send(new ProducerRecord<>(topic, pending.event().site(), pending.event()), (metadata, error) -> {
            if (error == null) {
                produced.incrementAndGet();
                problem.set(Optional.empty());
                pending.written().complete(true);
            } else if (Thread.currentThread() == self && error instanceof TimeoutException) {
                refusedHere[0] = true;
                problem.set(Optional.of("Kafka at " + bootstrapServers + " does not answer: " + error.getMessage()));
            } else {
                fail(pending, error.getMessage());
            }
        });
        return !refusedHere[0];
    }

    private void probe() {
        try {
            producer.partitionsFor(topic);
            problem.set(Optional.empty());
        } catch (RuntimeException e) {
            problem.set(Optional.of("Kafka at " + bootstrapServers + " does not answer for " + topic + ": " + e.getMessage()));
        }
    }

    private void fail(Pending pending, String why) {
        failed.incrementAndGet();
        problem.set(Optional.of("events not written to Kafka at " + bootstrapServers + ": " + why));
        pending.written().complete(false);
    }

    /** Why events do not reach Kafka now; empty while they do. */
    public Optional<String> problem() {
        return problem.get();
    }

    public long produced() {
        return produced.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Refused because the queue was full (or the hub stopping). */
    public long refused() {
        return refused.get();
    }

    public int queued() {
        return queue.size();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        sender.join(TimeUnit.SECONDS.toMillis(5));
        sender.interrupt();
        producer.close(Duration.ofSeconds(5));
    }
}
