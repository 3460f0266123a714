package dev.hearth.hub.bridges;

import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.config.BridgeSettings;
import dev.hearth.hub.config.BridgedDevice;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

/**
 * The brokers of hearth.yml's {@code bridges:}, one {@link BrokerLink} each, and which login is behind which.
 * Made before the hub's traffic exists (the command route needs it), started once it does.
 */
public final class BrokerLinks implements AutoCloseable {
    /** Commands one broker holds for its devices while it is away; the oldest go first. */
    public static final int QUEUE_CAPACITY = 100;

    private final List<BridgeSettings> settings;
    /** The logins reached through these brokers: asked on every command, so read off the settings once. */
    private final Set<String> carried;
    private final Adapters adapters;
    private final Clock clock;
    private final Backoff backoff;
    private final DoubleSupplier random;
    private final ScheduledExecutorService scheduler;
    private final Map<String, BrokerLink> links = new LinkedHashMap<>();
    private final Map<String, BrokerLink> byLogin = new LinkedHashMap<>();

    public BrokerLinks(List<BridgeSettings> settings, Adapters adapters, Clock clock) {
        this(settings, adapters, clock, Backoff.DEFAULT, () -> ThreadLocalRandom.current().nextDouble());
    }

    BrokerLinks(List<BridgeSettings> settings, Adapters adapters, Clock clock, Backoff backoff, DoubleSupplier random) {
        this.settings = List.copyOf(settings);
        this.carried = settings.stream().flatMap(bridge -> bridge.devices().stream()).map(device -> device.id())
                .collect(Collectors.toUnmodifiableSet());
        this.adapters = adapters;
        this.clock = clock;
        this.backoff = backoff;
        this.random = random;
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread daemon = new Thread(runnable, "bridges");
            daemon.setDaemon(true);
            return daemon;
        });
        thread.setRemoveOnCancelPolicy(true);
        this.scheduler = thread;
    }

    public static BrokerLinks none() {
        return new BrokerLinks(List.of(), Adapters.none(), Clock.systemUTC());
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** Connects to every broker, handing what they carry to {@code traffic}. */
    public synchronized void start(LinkTraffic traffic) {
        for (BridgeSettings bridge : settings) {
            Map<String, NativeAccess> logins = new LinkedHashMap<>();
            for (BridgedDevice device : bridge.devices()) {
                logins.put(device.id(), adapters.access(device.id()).orElseThrow(() ->
                        new IllegalStateException("no adapter for " + device.id() + " of bridge " + bridge.id())));
            }
            BrokerLink link = new BrokerLink(bridge, logins, traffic, scheduler, clock, backoff, random, QUEUE_CAPACITY);
            links.put(bridge.id(), link);
            logins.keySet().forEach(login -> byLogin.put(login, link));
        }
        links.values().forEach(BrokerLink::start);
    }

    /** Whether the login is reached through a broker of {@code bridges:} (its commands wait here, not in the dispatcher). */
    public boolean carries(String loginId) {
        return carried.contains(loginId);
    }

    /** Whether the login is reached through a broker of {@code bridges:} that is away now (its link queues commands). */
    public synchronized boolean isAway(String loginId) {
        BrokerLink link = byLogin.get(loginId);
        return link != null && !link.isUp();
    }

    /** A native command for a login of a bridge: through its link (queued while it is down); empty for another login. */
    public synchronized Optional<CompletableFuture<Void>> publish(String loginId, String topic, byte[] payload, Duration timeout) {
        BrokerLink link = byLogin.get(loginId);
        if (link == null) {
            return carries(loginId) ? Optional.of(CompletableFuture.failedFuture(new IllegalStateException(
                    "the bridges are not started yet"))) : Optional.empty();
        }
        return Optional.of(link.publish(topic, payload, timeout));
    }

    /** Each bridge and why it is not up (empty when it is), in the order of hearth.yml. */
    public synchronized Map<String, Optional<String>> health() {
        Map<String, Optional<String>> health = new LinkedHashMap<>();
        links.forEach((id, link) -> health.put(id, link.problem()));
        return health;
    }

    public synchronized List<BrokerLink> links() {
        return List.copyOf(links.values());
    }

    @Override
    public void close() {
        links().forEach(BrokerLink::close);
        scheduler.shutdownNow();
    }
}
