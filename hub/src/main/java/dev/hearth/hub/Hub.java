package dev.hearth.hub;

import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.adapters.DeviceEvent;
import dev.hearth.hub.adapters.NativeCommandRoute;
import dev.hearth.hub.adapters.NativeLogin;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.hub.adapters.profile.Profiles;
import dev.hearth.hub.bridges.BrokerLinks;
import dev.hearth.hub.broker.BrokerPublisher;
import dev.hearth.hub.broker.BrokerStartException;
import dev.hearth.hub.broker.EmbeddedBroker;
import dev.hearth.hub.cluster.ClusterFeed;
import dev.hearth.hub.cluster.ClusterHub;
import dev.hearth.hub.cluster.ClusterStatus;
import dev.hearth.hub.cluster.StoredDevices;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.commands.CommandPublisher;
import dev.hearth.hub.commands.CommandRoute;
import dev.hearth.hub.commands.RecentCommands;
import dev.hearth.hub.config.BridgedDevice;
import dev.hearth.hub.config.ClusterSettings;
import dev.hearth.hub.config.DeviceCredential;
import dev.hearth.hub.config.HomeAssistantSettings;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.config.RulesSettings;
import dev.hearth.hub.config.StartupChecks;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.HubKnownDevices;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.devices.Provisioning;
import dev.hearth.hub.events.LiveEvents;
import dev.hearth.hub.homeassistant.DiscoveryConfigs;
import dev.hearth.hub.homeassistant.HaTopics;
import dev.hearth.hub.homeassistant.HomeAssistantDiscovery;
import dev.hearth.hub.homeassistant.HomeAssistantLogins;
import dev.hearth.hub.memory.HeapGiveBack;
import dev.hearth.hub.memory.HeapWatermark;
import dev.hearth.hub.metrics.HubGauges;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.hub.rules.RulesWatcher;
import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.hub.storage.Database;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.HistoryRepository;
import dev.hearth.hub.storage.RestoredDevice;
import dev.hearth.hub.storage.RowCommit;
import dev.hearth.hub.storage.SqlTraceStore;
import dev.hearth.hub.storage.StateRepository;
import dev.hearth.hub.storage.StorageException;
import dev.hearth.hub.storage.StorageWriter;
import dev.hearth.hub.storage.TokenRepository;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.FileTimerJournal;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulesLoader;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub: storage, state, rules, broker and HTTP, started in that order and stopped in
 * the reverse. The last known state is restored and the rules loaded before the broker opens,
 * so no report arrives before them.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final int STORAGE_QUEUE = 100_000;
    /** How often the heap's usage is read for the QoS 0 watermark: a flood fills 256 MiB in about a second. */
    private static final long HEAP_WATERMARK_MILLIS = 100;
    private static final long HEAP_GIVE_BACK_MILLIS = 5_000;
    private static final long ACCESS_SYNC_MILLIS = 1_000;
    /** How often a dead or stuck storage writer is looked for (and replaced). */
    private static final long STORAGE_WATCHDOG_MILLIS = 5_000;
    /** Below this mqtt.max-packet-size, a Zigbee2MQTT bridge of a middling network cannot send its device list. */
    private static final int ZIGBEE2MQTT_DEVICE_LIST_BYTES = 1024 * 1024;

    private final Deque<AutoCloseable> toClose;
    private final int mqttPort;
    private final int mqttTlsPort;
    private final int httpPort;
    private final HubServices services;

    private Hub(Deque<AutoCloseable> toClose, int mqttPort, int mqttTlsPort, int httpPort, HubServices services) {
        this.toClose = toClose;
        this.mqttPort = mqttPort;
        this.mqttTlsPort = mqttTlsPort;
        this.httpPort = httpPort;
        this.services = services;
    }

    public static Hub start(HubConfig config, Clock clock) {
        StartupChecks.require(config);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Database database = Database.open(config.storageUrl(), config.storage().user().orElse(null),
                    config.storage().password().orElse(null),
                    config.storage().poolSize());
            started.push(database);
            DeviceRepository deviceRepository = new DeviceRepository(database);
            DeviceRegistry registry = new DeviceRegistry(config.devices(), Optional.of(deviceRepository));
            warnAboutExamplePasswords(registry);
            ApiTokens tokens = new ApiTokens(new TokenRepository(database), clock);
            if (tokens.isEmpty()) {
                LOG.warn("no API tokens yet: the HTTP API answers 401 until you create one with"
                        + " `deploy/hearth tokens create NAME --role admin`");
            }

            DeviceStateStore store = new DeviceStateStore();
            StateRepository stateRepository = new StateRepository(database);
            List<RestoredDevice> restored = stateRepository.restore();
            restored.forEach(device -> store.restore(device.id(), device.reported(), device.updatedAt(),
                    device.lastSeen(), device.meta()));
            registry.deviceIds().forEach(store::register);
            HistoryRepository history = new HistoryRepository(database);
            StorageWriter writer = new StorageWriter(database, stateRepository, history,
                    config.storage().historyRetention(), clock, STORAGE_QUEUE);
            started.push(writer);
            started.push(every(STORAGE_WATCHDOG_MILLIS, writer::restartIfDown, "storage-watchdog"));
            StorageFeed storageFeed = new StorageFeed(writer, config.cluster().isPresent());
            store.onAvailability(storageFeed);

            ScheduledThreadPoolExecutor hubThread = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "rules-engine"));
            hubThread.setRemoveOnCancelPolicy(true); // cancelled timers and watchdogs must not pile up
            started.push(hubThread::shutdownNow);
            HubMetrics metrics = new HubMetrics();
            Optional<ClusterHub> cluster = config.cluster().map(settings -> ClusterHub.start(settings, sites(config, settings),
                    metrics, clock));
            cluster.ifPresent(started::push);
            cluster.ifPresent(hub -> startSink(hub, config.cluster().get(), database, stateRepository, history, metrics));
            ClusterFeed clusterFeed = cluster.map(ClusterHub::feed).orElse(ClusterFeed.none());
            store.onAvailability(clusterFeed);
            BrokerPublisher brokerPublisher = new BrokerPublisher();
            RecentCommands recentCommands = new RecentCommands(clock);
            PresenceTracker presence = new PresenceTracker(store);
            Adapters adapters = adapters(config, registry, restored, store, clock);
            BrokerLinks bridges = config.bridges().isEmpty() ? BrokerLinks.none() : new BrokerLinks(config.bridges(), adapters, clock);
            CommandDispatcher commands = commandDispatcher(brokerPublisher, registry, adapters, bridges, presence, hubThread, metrics,
                    recentCommands);
            RuleEngine engine = RuleEngine.builder(store, commands, clock, hubThread)
                    .timers(new FileTimerJournal(config.dataDir().resolve("rule-timers")))
                    .traces(new SqlTraceStore(database, writer))
                    .desired((deviceId, desired, ruleId, causation) -> brokerPublisher.publishDesired(deviceId, WireJson.toBytes(desired)))
                    .settings(engineSettings(config.rulesEngine()))
                    .build();
            LiveEvents events = new LiveEvents();
            cluster.ifPresent(hub -> hub.liveInto(config.cluster().get(), events));
            followDevices(store, cluster.isEmpty() ? Optional.of(engine) : Optional.empty(), metrics, events);
            RulesService rules = new RulesService(config.rules(), new RulesLoader(), new HubKnownDevices(registry::knows, store),
                    () -> List.of(registry.deviceIds(), store.metaChanges()), engine);
            if (cluster.isEmpty()) { // in cluster mode the rules run on the workers: this hub loads none
                rules.reload();
                hubThread.scheduleWithFixedDelay(rules::recheckRefused, 1, 1, TimeUnit.SECONDS);
            }

            Optional<HomeAssistantDiscovery> discovery = homeAssistantDiscovery(config.homeassistant(), store, brokerPublisher,
                    commands, started);
            HomeAssistantLogins homeAssistant = new HomeAssistantLogins(config.devices().stream()
                    .filter(device -> device.protocol() == Protocol.HOME_ASSISTANT).map(DeviceCredential::id)
                    .collect(Collectors.toSet()), discovery);
            HubTraffic traffic = new HubTraffic(store, presence, commands, storageFeed,
                    cluster.isEmpty() ? engine::onTelemetry : (deviceId, measurements, at) -> { }, clusterFeed, metrics, adapters,
                    homeAssistant);
            HubGauges.register(metrics, presence, writer, commands);
            HubGauges.registerAdapters(metrics, adapters);
            if (!bridges.isEmpty()) {
                bridges.start(traffic);
                started.push(bridges);
                HubGauges.registerBridges(metrics, bridges);
                LOG.info("bridges: {}", config.bridges().stream().map(bridge -> bridge.id() + " (" + bridge.url()
                        + bridge.username().map(user -> ", user " + user).orElse("") + ", carrying "
                        + bridge.devices().stream().map(BridgedDevice::id).toList() + ")").toList());
            }
            HeapWatermark heap = new HeapWatermark();
            started.push(every(HEAP_WATERMARK_MILLIS, heap, "heap-watermark"));
            started.push(every(HEAP_GIVE_BACK_MILLIS, new HeapGiveBack(), "heap-give-back"));
            EmbeddedBroker broker = EmbeddedBroker.start(config.mqtt(), config.dataDir(), registry, traffic, traffic, traffic, heap,
                    clock);
            started.push(broker);
            HubGauges.registerBroker(metrics, broker.figures());
            if (discovery.isPresent()) {
                discovery.get().start();
                started.push(discovery.get()); // its offline goes out before the broker stops
            }
            started.push(engine); // stopped before the broker: no command goes out while it closes
            if (cluster.isPresent()) {
                // a command of the workers goes to a device this hub holds: connected here, spoken for by a login
                // connected here, or on a broker of bridges: it carries
                Predicate<String> holds = id -> bridges.carries(adapters.listenerOf(id))
                        || !presence.clientsOf(adapters.listenerOf(id)).isEmpty();
                cluster.get().deliverTo(config.cluster().get(), holds, commands, metrics, clock);
            } else {
                // The state restored from storage is what the rules start from; from here on, changes fire them.
                engine.start();
            }
            AccessSync accessSync = new AccessSync(registry, tokens, presence, broker);
            started.push(every(ACCESS_SYNC_MILLIS, accessSync, "access-sync"));
            if (cluster.isEmpty() && Files.exists(config.rules())) {
                started.push(RulesWatcher.start(config.rules(), rules::reload));
            }
            LOG.info("restored {} device(s) from {}", restored.size(), redacted(config.storageUrl()));
            if (engine.settings().dryRun()) {
                // A hub left dry by mistake looks like rules that do nothing: say so where it starts.
                LOG.warn("rules engine in DRY RUN (rules-engine.dry-run: true): rules are evaluated and traced,"
                        + " but send no command, set no desired state, call no webhook and enable or disable no rule");
            }

            HubServices services = new HubServices(store, rules, deviceRepository, registry, history, writer,
                    new Provisioning(deviceRepository, config.configuredDevices(), clock), tokens, commands, recentCommands, accessSync, metrics, events, engine,
                    adapters, bridges, cluster.<ClusterStatus>map(hub -> hub).orElse(ClusterStatus.SINGLE_HUB),
                    cluster.isPresent() ? new StoredDevices(stateRepository) : StoredDevices.NONE);
            ApplicationContext http = HttpApi.start(config.http(), services, clock);
            started.push(http);
            int httpPort = http.getBean(EmbeddedServer.class).getPort();
            LOG.info("HTTP API listening on http://{}:{}", config.http().host(), httpPort);
            return new Hub(started, broker.port(), broker.tlsPort(), httpPort, services);
        } catch (BrokerStartException | StorageException e) {
            closeAll(started);
            throw new HubStartException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw new HubStartException(describe(config, e), e);
        }
    }

    /**
     * The logins of the config that speak a native protocol, with the shipped profiles. The devices a bridge
     * spoke for in the last run are spoken for again from what was stored; every native device's meta is in
     * the store before the rules load, so that rules naming them are checked against it.
     */
    private static Adapters adapters(HubConfig config, DeviceRegistry registry, List<RestoredDevice> restored,
                                     DeviceStateStore store, Clock clock) {
        List<NativeLogin> ownBroker = config.devices().stream().filter(device -> device.protocol().isNative())
                .map(device -> new NativeLogin(device.id(), device.username(), device.protocol(), device.nativeTopic())).toList();
        List<NativeLogin> logins = new ArrayList<>(ownBroker);
        config.bridges().forEach(bridge -> bridge.devices().forEach(device ->
                logins.add(new NativeLogin(device.id(), device.protocol(), device.topic()))));
        if (logins.isEmpty()) {
            return Adapters.none();
        }
        Adapters adapters = new Adapters(logins, Profiles.builtIn(), registry::knows, clock);
        restored.forEach(device -> device.meta().ifPresent(meta -> adapters.restore(device.id(), meta)));
        adapters.declared().forEach(event -> {
            if (event instanceof DeviceEvent.Described described) {
                store.describe(described.deviceId(), described.meta());
            }
        });
        if (config.mqtt().maxPacketSize() < ZIGBEE2MQTT_DEVICE_LIST_BYTES
                && ownBroker.stream().anyMatch(login -> login.protocol() == Protocol.ZIGBEE2MQTT)) {
            LOG.warn("a Zigbee2MQTT bridge's device list (bridge/devices, retained) is often larger than mqtt.max-packet-size"
                    + " ({} bytes) once a few dozen devices are paired; the broker drops a bridge whose packet is larger,"
                    + " so raise it (e.g. max-packet-size: {})", config.mqtt().maxPacketSize(), 4 * ZIGBEE2MQTT_DEVICE_LIST_BYTES);
        }
        LOG.info("adapters: {}", logins.stream().map(login -> login.id() + " (" + login.protocol().configName() + ", topic "
                + login.topic() + ")").toList());
        return adapters;
    }

    /**
     * Home Assistant discovery when hearth.yml turns it on: it hears of every device's meta, state and availability
     * from here on (the metas declared at start are published by its start, with everything else), and waits a
     * random time up to the configured bound after Home Assistant's birth, on a thread of its own.
     */
    private static Optional<HomeAssistantDiscovery> homeAssistantDiscovery(HomeAssistantSettings settings, DeviceStateStore store,
                                                                           BrokerPublisher broker, CommandDispatcher commands,
                                                                           Deque<AutoCloseable> started) {
        if (!settings.discovery()) {
            return Optional.empty();
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "homeassistant"));
        started.push(thread::shutdownNow);
        HaTopics topics = new HaTopics(settings.prefix());
        long maxMillis = settings.republishDelayMax().toMillis();
        HomeAssistantDiscovery discovery = new HomeAssistantDiscovery(topics,
                new DiscoveryConfigs(topics, version(), settings.supportUrl()), store, broker::publishPlain, commands::send,
                (deviceId, desired) -> broker.publishDesired(deviceId, WireJson.toBytes(desired)), thread,
                () -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(maxMillis + 1)));
        store.onMeta(discovery::onMeta);
        store.onChange(discovery::onStateChange);
        store.onAvailability(discovery::onAvailability);
        LOG.info("Home Assistant discovery on, prefix {}", settings.prefix());
        return Optional.of(discovery);
    }

    /** The hub's version as its jar's manifest says; a build from the classes folder has none. */
    private static String version() {
        return Optional.ofNullable(Hub.class.getPackage().getImplementationVersion()).orElse("development");
    }

    /** Commands go out through the broker, counted; their outcome and latency are measured and kept for the dashboard. */
    private static CommandDispatcher commandDispatcher(BrokerPublisher broker, DeviceRegistry registry, Adapters adapters,
                                                       BrokerLinks bridges, PresenceTracker presence, ScheduledExecutorService thread,
                                                       HubMetrics metrics, RecentCommands recent) {
        CommandPublisher counted = (topic, payload, responseTopic, correlation) -> {
            metrics.messageOut("command");
            return broker.publish(topic, payload, responseTopic, correlation);
        };
        AtomicReference<CommandDispatcher> dispatcher = new AtomicReference<>(); // a press is done once sent: its reply
        CommandRoute route = new NativeCommandRoute(adapters, CommandRoute.wire(counted), (login, topic, payload, timeout) -> {
            metrics.messageOut("command");
            return bridges.publish(login, topic, payload, timeout).orElseGet(() -> broker.publishNative(topic, payload));
        }, (deviceId, correlation, result) -> dispatcher.get().onReply(deviceId, Optional.of(correlation),
                CommandReply.success(result)));
        // a device behind a bridge is known through it, and receives its commands while the bridge does and while it
        // is awake (a sleepy end device's commands wait here until it says it is online again); a device on a broker of
        // bridges: is always "listening", and while that broker is away its link queues the command (bounded, counted)
        Predicate<String> listening = id -> bridges.carries(adapters.listenerOf(id))
                || presence.isListening(adapters.listenerOf(id));
        CommandDispatcher commands = new CommandDispatcher(route, id -> registry.knows(id) || adapters.speaksFor(id),
                id -> listening.test(id) && (bridges.isAway(adapters.listenerOf(id)) || adapters.reachable(id)),
                id -> adapters.away(id, listening.test(id)), thread,
                (request, result, latency) -> {
            metrics.commandCompleted(latency,
                    result instanceof CommandResult.Replied replied ? (replied.ok() ? "ok" : "error") : "no_reply");
            recent.completed(request, result, latency);
        });
        dispatcher.set(commands);
        return commands;
    }

    /** Who hears of devices' state and availability changes, and of rule runs (none here in cluster mode). */
    private static void followDevices(DeviceStateStore store, Optional<RuleEngine> rules, HubMetrics metrics, LiveEvents events) {
        store.onChange(events::onStateChange);
        store.onAvailability(events);
        rules.ifPresent(engine -> {
            store.onChange(engine::onStateChange);
            store.onAvailability((deviceId, availability, at) ->
                    engine.onAvailability(deviceId, availability == DeviceSnapshot.Availability.ONLINE, at));
            engine.addListener(metrics);
            engine.addListener(events);
        });
    }

    /** In cluster mode, the rows of every hub's devices come from Kafka: see {@link ClusterHub#sinkInto}. */
    private static void startSink(ClusterHub cluster, ClusterSettings settings, Database database, StateRepository state,
                                  HistoryRepository history, HubMetrics metrics) {
        if (database.isSqlite()) {
            LOG.warn("cluster mode on SQLite storage: this hub's sink stores the events of every hub of the cluster in its"
                    + " own file; point the hubs' storage.url at one PostgreSQL to store each event once and let any hub"
                    + " answer from it");
        }
        cluster.sinkInto(settings, new RowCommit(database, state, history), !database.isSqlite(), metrics);
    }

    /** A device's site in cluster mode: its own ({@code site:} in devices:), else the hub's. */
    private static Function<String, String> sites(HubConfig config, ClusterSettings cluster) {
        Map<String, String> own = config.devices().stream().filter(device -> device.site().isPresent())
                .collect(Collectors.toUnmodifiableMap(DeviceCredential::id, device -> device.site().get()));
        return deviceId -> own.getOrDefault(deviceId, cluster.site());
    }

    private static EngineSettings engineSettings(RulesSettings rules) {
        EngineSettings settings = EngineSettings.DEFAULTS.withDryRun(rules.dryRun())
                .withBreaker(rules.breakerRuns(), EngineSettings.DEFAULTS.breakerWindow());
        return rules.location().map(at -> settings.withLocation(at.latitude(), at.longitude())).orElse(settings);
    }

    private static AutoCloseable every(long millis, Runnable task, String threadName) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, threadName));
        thread.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        return thread::shutdownNow;
    }

    private static String describe(HubConfig config, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "HTTP port " + config.http().host() + ":" + config.http().port() + " is already in use";
            }
        }
        return "hub failed to start: " + e.getMessage();
    }

    private static String redacted(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    private static void warnAboutExamplePasswords(DeviceRegistry registry) {
        List<String> exposed = registry.devicesWithExamplePassword();
        if (!exposed.isEmpty()) {
            LOG.warn("""

                    ************************************************************************
                    *  WARNING: devices {} use the EXAMPLE password from the README.
                    *  Anyone who has read it can connect as them. Set your own:
                    *      deploy/hearth hash-password   (then put the hash in the config)
                    ************************************************************************""", exposed);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** 0 when the config has no TLS listener. */
    public int mqttTlsPort() {
        return mqttTlsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public HubServices services() {
        return services;
    }

    public DeviceStateStore devices() {
        return services.devices();
    }

    public RulesService rules() {
        return services.rules();
    }

    @Override
    public void close() {
        closeAll(toClose);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        synchronized (resources) {
            while (!resources.isEmpty()) {
                try {
                    resources.pop().close();
                } catch (Exception e) {
                    LOG.warn("while stopping: {}", e.toString());
                }
            }
        }
    }
}
