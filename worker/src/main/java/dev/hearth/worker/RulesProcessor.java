package dev.hearth.worker;

import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterEvent.AvailabilityChanged;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.MetaDescribed;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterEvent.TelemetryReceived;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's rules: an engine per site of the task's partition, all on one {@link VirtualTime} that this processor
 * moves on the stream thread, before each record and on a wall-clock punctuator so that {@code for:} holds, delays
 * and timeouts fall due: to the event's time while the task is behind, else to wall-clock time ({@link TaskTime}).
 * So every engine action runs on the stream thread and its commands go through {@code context.forward}, inside the
 * task's transaction: state, commands and offsets commit together.
 */
final class RulesProcessor implements Processor<String, ClusterEvent, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(RulesProcessor.class);
    static final Duration TICK = Duration.ofMillis(200);
    /** The topology's sinks this processor forwards to: commands and traces go to different topics. */
    static final String COMMANDS = "commands";
    static final String TRACES = "traces";

    private final RuleSet rules;
    private final EngineSettings settings;
    private final ZoneId zone;
    private final Map<String, SiteEngine> engines = new HashMap<>();
    private ProcessorContext<String, Object> context;
    private VirtualTime time;
    private DeviceStates devices;
    private KeyValueStore<String, String> timers;
    private CommandIds ids;
    private TaskCommands commands;
    private boolean adopted;
    private TaskTime taskTime;
    private Instant initAt;

    RulesProcessor(RuleSet rules, EngineSettings settings, ZoneId zone) {
        this.rules = rules;
        this.settings = settings;
        this.zone = zone;
    }

    private record SiteEngine(RuleEngine engine, StoreTimerJournal journal) {
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        // Streams may init a processor again after close (a task suspended and resumed in a rebalance).
        this.context = context;
        adopted = false;
        taskTime = new TaskTime();
        initAt = Instant.ofEpochMilli(context.currentSystemTimeMs());
        // The earliest the task's time may be: the first record or tick moves it, before any engine starts.
        time = VirtualTime.at(TaskTime.earliest(initAt), zone);
        devices = new DeviceStates(context.getStateStore(DeviceStates.STORE));
        timers = context.getStateStore(StoreTimerJournal.STORE);
        ids = new CommandIds(context.taskId().partition(), time.clock());
        commands = new TaskCommands(ids, command -> context.forward(
                new Record<String, Object>(command.site(), command, context.currentSystemTimeMs()), COMMANDS),
                () -> Instant.ofEpochMilli(context.currentSystemTimeMs()), time);
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME,
                millis -> advanceTo(taskTime.onTick(Instant.ofEpochMilli(millis))));
    }

    @Override
    public void process(Record<String, ClusterEvent> record) {
        ClusterEvent event = record.value();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (event == null) {
            advanceTo(taskTime.onTick(now));
            return; // a tombstone: the events topic has none of its own
        }
        advanceTo(taskTime.onEvent(event.at(), now));
        context.recordMetadata().ifPresent(metadata -> ids.fromRecord(metadata.partition(), metadata.offset()));
        event.accept(new Dispatch(engine(event.site())));
        time.runPending();
    }

    /**
     * Runs what fell due up to {@code target}. The first time, it starts the engine of every site the stores know
     * (they were restored before, and forwarding is not allowed in {@code init}): their holds go on.
     */
    private void advanceTo(Instant target) {
        ids.fromDeadlines();
        if (!adopted) {
            // The sites start at the task's start, or earlier at the time of a first record read behind.
            moveTo(target.isBefore(initAt) ? target : initAt);
            adopted = true;
            Set<String> sites = new LinkedHashSet<>(StoreJson.sites(timers));
            sites.addAll(devices.sites());
            sites.forEach(this::engine);
            log.info("task {} takes up sites {} with {} pending deadlines", context.taskId(), sites,
                    engines.values().stream().mapToInt(site -> site.journal().all().size()).sum());
            time.runPending(); // the restored deadlines due by now, per their missed policy
        }
        moveTo(target);
    }

    /** Time never goes back (NTP steps, older events): it waits. */
    private void moveTo(Instant target) {
        time.advanceTo(target.isAfter(time.now()) ? target : time.now());
    }

    private RuleEngine engine(String site) {
        return engines.computeIfAbsent(site, this::startEngine).engine();
    }

    private SiteEngine startEngine(String site) {
        StoreTimerJournal journal = new StoreTimerJournal(timers, site);
        RuleEngine engine = RuleEngine.builder(devices.view(site), commands.sink(site), time.clock(), time)
                .timers(journal).traces(new TopicTraceStore(trace -> context.forward(
                        new Record<String, Object>(site, trace, context.currentSystemTimeMs()), TRACES)))
                .settings(settings).build();
        engine.replace(rules);
        // started: fires once per site, when its rules first start on the cluster; a task that moves resumes them.
        if (journal.firstStart(time.now())) {
            engine.start();
        } else {
            engine.resume();
        }
        return new SiteEngine(engine, journal);
    }

    @Override
    public void close() {
        // What the next owner will find, as far as this owner wrote it (the last transaction decides what commits).
        log.info("task {} closes with sites {} and {} pending deadlines", context.taskId(), engines.keySet(),
                engines.values().stream().mapToInt(site -> site.journal().all().size()).sum());
        // The stores keep what was committed for the next owner; the engines only stop their timers.
        engines.values().forEach(site -> {
            site.journal().freeze();
            site.engine().close();
        });
        engines.clear();
        time.shutdownNow();
    }

    private final class Dispatch implements ClusterEvent.Visitor<Void> {
        private final RuleEngine engine;

        Dispatch(RuleEngine engine) {
            this.engine = engine;
        }

        @Override
        public Void state(StateChanged changed) {
            devices.report(changed);
            engine.onStateChange(new StateChange(changed.deviceId(), changed.attribute(), changed.previous(),
                    changed.current(), changed.at(), changed.causation()));
            return null;
        }

        @Override
        public Void availability(AvailabilityChanged availability) {
            engine.onAvailability(availability.deviceId(), availability.online(), availability.at());
            return null;
        }

        @Override
        public Void telemetry(TelemetryReceived telemetry) {
            engine.onTelemetry(telemetry.deviceId(), telemetry.measurements(), telemetry.at());
            return null;
        }

        @Override
        public Void meta(MetaDescribed described) {
            devices.describe(described);
            return null;
        }

        @Override
        public Void commandCompleted(CommandCompleted completed) {
            commands.complete(completed.commandId(),
                    new CommandResult.Replied(completed.ok(), completed.result(), completed.error()));
            return null;
        }
    }
}
