package dev.hearth.worker;

import dev.hearth.cluster.ClusterSerdes;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hearth worker}: a Kafka Streams application that runs the rules on the cluster's events, one engine per site
 * of each partition task, and writes the commands they send to the commands topic, exactly once. Workers with the
 * same application id share the partitions; when one stops, the others take its tasks over with their stores
 * (device state and pending deadlines, from changelogs or standbys).
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final AtomicLong malformed;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Worker(KafkaStreams streams, AtomicLong malformed) {
        this.streams = streams;
        this.malformed = malformed;
    }

    /** Loads the rules (a file that does not load stops here, with every error) and starts the streams app. */
    public static Worker start(WorkerSettings settings) {
        return start(settings, loadRules(settings));
    }

    /** Starts the streams app on rules loaded already ({@link #loadRules}). */
    public static Worker start(WorkerSettings settings, RuleSet rules) {
        AtomicLong malformed = new AtomicLong();
        KafkaStreams streams = new KafkaStreams(topology(settings, rules), properties(settings, malformed));
        Worker worker = new Worker(streams, malformed);
        streams.setStateListener((now, before) -> {
            log.info("worker {}: {} -> {}", settings.applicationId(), before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                worker.stopped.countDown();
            }
        });
        streams.start();
        log.info("worker {} started: {} rules on {}", settings.applicationId(), rules.size(), settings.topics().events());
        return worker;
    }

    /**
     * Every rule of the folder or file, or a {@link WorkerStartException} naming every error. Devices are not known
     * at start (the sites report them), so references to devices are not checked.
     */
    public static RuleSet loadRules(WorkerSettings settings) {
        LoadResult result = new RulesLoader().load(settings.rules());
        if (result instanceof LoadResult.Failed failed) {
            throw new WorkerStartException(failed.errors());
        }
        LoadResult.Loaded loaded = (LoadResult.Loaded) result;
        loaded.warnings().forEach(warning -> log.warn("{}", warning));
        return loaded.rules();
    }

    /** events → the rules processor (with its two stores) → commands, and the traces of its runs. */
    static Topology topology(WorkerSettings settings, RuleSet rules) {
        ClusterTopics topics = settings.topics();
        Topology topology = new Topology();
        topology.addSource("events", new StringDeserializer(), ClusterSerdes.events().deserializer(), topics.events());
        topology.addProcessor("rules", () -> new RulesProcessor(rules, settings.engine(), settings.zone()), "events");
        for (String store : new String[] {DeviceStates.STORE, StoreTimerJournal.STORE}) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.String()), "rules");
        }
        topology.addSink(RulesProcessor.COMMANDS, topics.commands(), new StringSerializer(),
                ClusterSerdes.commands().serializer(), "rules");
        topology.addSink(RulesProcessor.TRACES, topics.traces(), new StringSerializer(), ClusterSerdes.traces().serializer(),
                "rules");
        return topology;
    }

    static Properties properties(WorkerSettings settings, AtomicLong malformed) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(1, settings.sessionTimeout().toMillis() / 3));
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, MalformedEvents.class);
        properties.put(MalformedEvents.COUNTER_CONFIG, malformed);
        return properties;
    }

    /** Events skipped because they did not read, since start. */
    public long malformedEvents() {
        return malformed.get();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Blocks until the worker stops (closed, or failed: see the log). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Hands its tasks to the other workers (leaving the group at once) and stops. */
    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT)
                .leaveGroup(true));
        stopped.countDown();
    }
}
