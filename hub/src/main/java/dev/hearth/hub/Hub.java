package dev.hearth.hub;

import dev.hearth.hub.broker.BrokerPublisher;
import dev.hearth.hub.broker.BrokerStartException;
import dev.hearth.hub.broker.EmbeddedBroker;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.hub.rules.RulesWatcher;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulesLoader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub: broker, state, rules and HTTP, started in that order and stopped in the
 * reverse. Rules are loaded before the broker opens, so no report arrives before them.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final Deque<AutoCloseable> toClose;
    private final int mqttPort;
    private final int httpPort;
    private final DeviceStateStore store;
    private final RulesService rules;

    private Hub(Deque<AutoCloseable> toClose, int mqttPort, int httpPort, DeviceStateStore store, RulesService rules) {
        this.toClose = toClose;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.store = store;
        this.rules = rules;
    }

    public static Hub start(HubConfig config, Clock clock) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            DeviceRegistry registry = new DeviceRegistry(config.devices());
            warnAboutExamplePasswords(registry);
            DeviceStateStore store = new DeviceStateStore();
            registry.deviceIds().forEach(store::register);

            ScheduledExecutorService engineThread = Executors.newSingleThreadScheduledExecutor(
                    runnable -> daemon(runnable, "rules-engine"));
            started.push(engineThread::shutdownNow);
            CommandDispatcher commands = new CommandDispatcher(new BrokerPublisher(), registry::knows, engineThread);
            RuleEngine engine = new RuleEngine(store, commands, clock, engineThread);
            store.onChange(engine::onStateChange);
            RulesService rules = new RulesService(config.rules(), new RulesLoader(), engine);
            rules.reload();

            HubTraffic traffic = new HubTraffic(store, new PresenceTracker(store), commands);
            EmbeddedBroker broker = EmbeddedBroker.start(config.mqtt(), config.dataDir(), registry, traffic, traffic, clock);
            started.push(broker);
            started.push(engine); // stopped before the broker: no command goes out while it closes
            if (java.nio.file.Files.exists(config.rules())) {
                started.push(RulesWatcher.start(config.rules(), rules::reload));
            }

            ApplicationContext http = startHttp(config, store, rules);
            started.push(http);
            int httpPort = http.getBean(EmbeddedServer.class).getPort();
            LOG.info("HTTP API listening on http://{}:{}", config.http().host(), httpPort);
            return new Hub(started, broker.port(), httpPort, store, rules);
        } catch (BrokerStartException e) {
            closeAll(started);
            throw new HubStartException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw new HubStartException(describe(config, e), e);
        }
    }

    private static ApplicationContext startHttp(HubConfig config, DeviceStateStore store, RulesService rules) {
        int port = config.http().port() == 0 ? -1 : config.http().port(); // Micronaut's "any free port"
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(Map.of(
                        "micronaut.server.host", config.http().host(),
                        "micronaut.server.port", port,
                        "micronaut.application.name", "hearth"))
                .singletons(store, rules)
                .start();
        try {
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return context;
    }

    private static String describe(HubConfig config, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "HTTP port " + config.http().host() + ":" + config.http().port() + " is already in use";
            }
        }
        return "hub failed to start: " + e.getMessage();
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

    public int httpPort() {
        return httpPort;
    }

    public DeviceStateStore devices() {
        return store;
    }

    public RulesService rules() {
        return rules;
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
