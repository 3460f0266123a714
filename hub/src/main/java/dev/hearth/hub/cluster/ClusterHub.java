package dev.hearth.hub.cluster;

import dev.hearth.cluster.ClusterTopics;
import dev.hearth.hub.config.ClusterSettings;
import dev.hearth.hub.events.LiveEvents;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.hub.storage.RowCommit;
import dev.hearth.rules.CommandSink;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's part of a cluster ({@code cluster:} in hearth.yml): its events go to Kafka ({@link EventLog},
 * {@link ClusterFeed}), the rule workers' commands come from it ({@link ClusterCommands}). Kafka may be away when the
 * hub starts: it starts all the same, says so on /health and sends what waited once Kafka answers.
 */
public final class ClusterHub implements ClusterStatus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterHub.class);
    private static final int EVENTS_QUEUE = 100_000;

    private final EventLog events;
    private final ClusterFeed feed;
    private ClusterCommands commands;
    private ClusterSink sink;
    private ClusterLiveEvents live;

    private ClusterHub(EventLog events, ClusterFeed feed) {
        this.events = events;
        this.feed = feed;
    }

    /** {@code siteOf}: a device's site; the feed is ready at once, the commands' consumer waits for {@link #deliverTo}. */
    public static ClusterHub start(ClusterSettings settings, Function<String, String> siteOf, HubMetrics metrics, Clock clock) {
        ClusterTopics topics = ClusterTopics.withPrefix(settings.topicPrefix());
        EventLog events = new EventLog(settings.bootstrapServers(), settings.hubId(), topics.events(), EVENTS_QUEUE);
        ClusterHub hub = new ClusterHub(events, new ClusterFeed(settings.hubId(), siteOf, events, settings.ackTimeout(), clock));
        metrics.counter("hearth.cluster.events.produced", "Device events Kafka acknowledged", events, EventLog::produced);
        metrics.counter("hearth.cluster.events.failed", "Device events not written to Kafka, by reason", events,
                EventLog::failed, "reason", "failed");
        metrics.counter("hearth.cluster.events.failed", "Device events not written to Kafka, by reason", events,
                EventLog::refused, "reason", "queue_full");
        metrics.gauge("hearth.cluster.events.queued", "Device events waiting for Kafka", events, EventLog::queued);
        LOG.info("cluster mode: hub '{}', site '{}', Kafka {}, topics {} and {}; the rules run on the cluster's workers,"
                        + " not in this hub", settings.hubId(), settings.site(), settings.bootstrapServers(), topics.events(),
                topics.commands());
        return hub;
    }

    /** Starts reading the commands topic, delivering to the devices {@code holds} says this hub holds. */
    public void deliverTo(ClusterSettings settings, Predicate<String> holds, CommandSink dispatcher, HubMetrics metrics, Clock clock) {
        String group = settings.topicPrefix() + "-hub-" + settings.hubId();
        commands = new ClusterCommands(settings.bootstrapServers(), group, ClusterTopics.withPrefix(settings.topicPrefix()).commands(),
                holds, dispatcher, feed, clock);
        for (Map.Entry<String, AtomicLong> count : commands.counts().entrySet()) {
            metrics.counter("hearth.cluster.commands", "Commands of the rule workers, by what this hub did with them",
                    count.getValue(), AtomicLong::get, "outcome", count.getKey());
        }
    }

    /**
     * Starts the storage sink: the cluster's events and traces into this hub's storage. On a shared database
     * ({@code shared}: PostgreSQL) the hubs share the work in the group {@code <prefix>-sink}, each record stored once;
     * on a database of its own (SQLite) each hub reads everything in a group of its own, {@code <prefix>-sink-<hub-id>}.
     */
    public void sinkInto(ClusterSettings settings, RowCommit rows, boolean shared, HubMetrics metrics) {
        String group = settings.topicPrefix() + "-sink" + (shared ? "" : "-" + settings.hubId());
        sink = new ClusterSink(settings.bootstrapServers(), group, ClusterTopics.withPrefix(settings.topicPrefix()), rows);
        metrics.counter("hearth.cluster.sink.records", "Cluster records the storage sink stored, or skipped as malformed",
                sink, ClusterSink::stored, "outcome", "stored");
        metrics.counter("hearth.cluster.sink.records", "Cluster records the storage sink stored, or skipped as malformed",
                sink, ClusterSink::malformed, "outcome", "malformed");
        metrics.counter("hearth.cluster.sink.retries", "Batches the storage sink tried again because the database refused them",
                sink, ClusterSink::retries);
        LOG.info("cluster storage sink: group {} into {} storage", group, shared ? "the shared" : "this hub's own");
    }

    /** The other hubs' devices' events and the workers' rule runs, live on this hub's {@code /api/events}. */
    public void liveInto(ClusterSettings settings, LiveEvents events) {
        live = new ClusterLiveEvents(settings.bootstrapServers(), settings.hubId(), ClusterTopics.withPrefix(settings.topicPrefix()),
                events);
    }

    public Optional<ClusterSink> sink() {
        return Optional.ofNullable(sink);
    }

    public ClusterFeed feed() {
        return feed;
    }

    public Optional<ClusterCommands> commands() {
        return Optional.ofNullable(commands);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<String> problem() {
        return events.problem().or(() -> sink == null ? Optional.empty() : sink.problem());
    }

    @Override
    public void close() throws InterruptedException {
        if (commands != null) {
            commands.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (live != null) {
            live.close();
        }
        events.close();
    }
}
