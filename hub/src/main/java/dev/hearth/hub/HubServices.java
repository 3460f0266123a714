package dev.hearth.hub;

import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.bridges.BrokerLinks;
import dev.hearth.hub.cluster.ClusterStatus;
import dev.hearth.hub.cluster.StoredDevices;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.commands.RecentCommands;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.events.LiveEvents;
import dev.hearth.hub.metrics.HubMetrics;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.hub.devices.Provisioning;
import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.HistoryRepository;
import dev.hearth.hub.storage.StorageWriter;
import dev.hearth.rules.RuleEngine;

/**
 * The parts of a running hub, for tests and the cli to reach into it ({@link Hub#services()}).
 * No HTTP class takes this record: {@link HttpApi} makes each part a bean of its own, and a
 * controller asks for the ones it uses.
 */
public record HubServices(
        DeviceStateStore devices,
        RulesService rules,
        DeviceRepository deviceRepository,
        DeviceRegistry registry,
        HistoryRepository history,
        StorageWriter storageWriter,
        Provisioning provisioning,
        ApiTokens tokens,
        CommandDispatcher commands,
        RecentCommands recentCommands,
        AccessSync accessSync,
        HubMetrics metrics,
        LiveEvents events,
        RuleEngine engine,
        Adapters adapters,
        BrokerLinks bridges,
        ClusterStatus cluster,
        StoredDevices storedDevices) {
}
