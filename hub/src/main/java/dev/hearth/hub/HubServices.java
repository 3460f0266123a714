package dev.hearth.hub;

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

/** What the HTTP API and tests reach into a running hub through. */
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
        RuleEngine engine) {
}
