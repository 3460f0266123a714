package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.cluster.ClusterCommand;
import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterSerdes;
import dev.hearth.rules.Causation;
import dev.hearth.rules.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A worker's topology in a {@link TopologyTestDriver}: events in as a hub writes them, commands out as a hub reads
 * them, and the driver's wall clock, which only moves when the test says so.
 */
final class WorkerDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-01-05T07:00:00Z");

    final WorkerSettings settings;
    final AtomicLong malformed = new AtomicLong();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ClusterEvent> events;
    private final TestInputTopic<String, byte[]> raw;
    private final TestOutputTopic<String, ClusterCommand> commands;
    private final TestOutputTopic<String, Trace> traces;
    private Instant now;

    Instant now() {
        return now;
    }

    WorkerDriver(Path dir, String rulesYaml, Instant start) {
        try {
            Files.createDirectories(dir);
            Path rules = Files.writeString(dir.resolve("rules.yaml"), rulesYaml);
            settings = WorkerSettings.of("127.0.0.1:9", "test", rules, Files.createTempDirectory(dir, "state"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        now = start;
        driver = new TopologyTestDriver(Worker.topology(settings, Worker.loadRules(settings)),
                Worker.properties(settings, malformed), start);
        events = driver.createInputTopic(settings.topics().events(), new StringSerializer(),
                ClusterSerdes.events().serializer());
        raw = driver.createInputTopic(settings.topics().events(), new StringSerializer(), new ByteArraySerializer());
        commands = driver.createOutputTopic(settings.topics().commands(), new StringDeserializer(),
                ClusterSerdes.commands().deserializer());
        traces = driver.createOutputTopic(settings.topics().traces(), new StringDeserializer(),
                ClusterSerdes.traces().deserializer());
    }

    /** The device reports {@code attribute} = {@code json} (its previous value, as the hub knew it, is {@code previous}). */
    void report(String site, String device, String attribute, String previous, String json) {
        reportAt(now, site, device, attribute, previous, json);
    }

    /** As {@link #report}, for a change the hub accepted {@code at} (a late record: a replay, or a hub's clock). */
    void reportAt(Instant at, String site, String device, String attribute, String previous, String json) {
        events.pipeInput(site, new StateChanged(site, "hub-a", device, at, attribute,
                Optional.ofNullable(previous).map(WorkerDriver::json), json(json), Causation.EXTERNAL), now);
    }

    void report(String site, String device, String attribute, String json) {
        report(site, device, attribute, null, json);
    }

    void complete(ClusterCommand command, boolean ok) {
        events.pipeInput(command.site(), new CommandCompleted(command.site(), "hub-a", command.deviceId(), now,
                command.commandId(), ok, Optional.empty(), ok ? Optional.empty() : Optional.of("jammed")), now);
    }

    void pipeRaw(String site, byte[] value) {
        raw.pipeInput(site, value, now);
    }

    void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** The commands written since the last call, with their keys. */
    List<KeyValue<String, ClusterCommand>> commands() {
        return commands.readKeyValuesToList();
    }

    /** The traces of the runs that ended since the last call, keyed by site. */
    List<KeyValue<String, Trace>> traces() {
        return traces.readKeyValuesToList();
    }

    /** Everything the task wrote to a store's changelog, in order (a null value deletes). */
    List<KeyValue<String, String>> changelog(String store) {
        return driver.createOutputTopic(settings.applicationId() + "-" + store + "-changelog", new StringDeserializer(),
                new StringDeserializer()).readKeyValuesToList();
    }

    /** Restores a store as Streams does on a new owner: its changelog replayed into it. */
    void restore(String store, List<KeyValue<String, String>> changelog) {
        KeyValueStore<String, String> target = driver.getKeyValueStore(store);
        changelog.forEach(entry -> {
            if (entry.value == null) {
                target.delete(entry.key);
            } else {
                target.put(entry.key, entry.value);
            }
        });
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
