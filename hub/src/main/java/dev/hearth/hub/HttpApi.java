package dev.hearth.hub;

import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.bridges.BrokerLinks;
import dev.hearth.hub.cluster.ClusterStatus;
import dev.hearth.hub.cluster.StoredDevices;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.commands.RecentCommands;
import dev.hearth.hub.config.HttpSettings;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.Provisioning;
import dev.hearth.hub.events.LiveEvents;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.HistoryRepository;
import dev.hearth.hub.storage.StorageWriter;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.TraceStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Clock;
import java.util.Map;

/**
 * The HTTP API: a Micronaut context in which each part of the hub is a bean of its own, so that a
 * controller asks in its constructor for the parts it uses and nothing else. {@link Hub} builds
 * and starts the parts itself (the order of start-up and shutdown matters); Micronaut only hands
 * them out.
 */
final class HttpApi {
    private HttpApi() {
    }

    /** Started and listening, or closed again and thrown. */
    static ApplicationContext start(HttpSettings http, HubServices parts, Clock clock) {
        int port = http.port() == 0 ? -1 : http.port(); // Micronaut's "any free port"
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(Map.of(
                        "micronaut.server.host", http.host(),
                        "micronaut.server.port", port,
                        "micronaut.application.name", "hearth",
                        // the dashboard, built into the jar by hub/src/main/web
                        "micronaut.router.static-resources.dashboard.paths", "classpath:public",
                        "micronaut.router.static-resources.dashboard.mapping", "/**"))
                .build();
        register(context, parts, clock);
        try {
            context.start();
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return context;
    }

    /** By the type a controller asks for: the hub's one clock is a {@code Clock}, whatever its class. */
    private static void register(ApplicationContext context, HubServices parts, Clock clock) {
        context.registerSingleton(Clock.class, clock);
        context.registerSingleton(DeviceStateStore.class, parts.devices());
        context.registerSingleton(RulesService.class, parts.rules());
        context.registerSingleton(DeviceRepository.class, parts.deviceRepository());
        context.registerSingleton(DeviceRegistry.class, parts.registry());
        context.registerSingleton(HistoryRepository.class, parts.history());
        context.registerSingleton(StorageWriter.class, parts.storageWriter());
        context.registerSingleton(Provisioning.class, parts.provisioning());
        context.registerSingleton(ApiTokens.class, parts.tokens());
        context.registerSingleton(CommandDispatcher.class, parts.commands());
        context.registerSingleton(RecentCommands.class, parts.recentCommands());
        context.registerSingleton(AccessSync.class, parts.accessSync());
        context.registerSingleton(HubMetrics.class, parts.metrics());
        context.registerSingleton(LiveEvents.class, parts.events());
        context.registerSingleton(RuleEngine.class, parts.engine());
        context.registerSingleton(TraceStore.class, parts.engine().traces());
        context.registerSingleton(Adapters.class, parts.adapters());
        context.registerSingleton(BrokerLinks.class, parts.bridges());
        context.registerSingleton(ClusterStatus.class, parts.cluster());
        context.registerSingleton(StoredDevices.class, parts.storedDevices());
    }
}
