package dev.hearth.hub;

import dev.hearth.hub.broker.EmbeddedBroker;
import dev.hearth.hub.devices.PresenceTracker;
import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the hub in line with the stored devices and tokens: devices disabled or given a new
 * password lose their open connections. Runs every second (changes may come from the CLI in
 * another process) and right after the API changes something.
 */
public final class AccessSync implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessSync.class);

    private final DeviceRegistry registry;
    private final ApiTokens tokens;
    private final PresenceTracker presence;
    private final EmbeddedBroker broker;

    AccessSync(DeviceRegistry registry, ApiTokens tokens, PresenceTracker presence, EmbeddedBroker broker) {
        this.registry = registry;
        this.tokens = tokens;
        this.presence = presence;
        this.broker = broker;
    }

    @Override
    public synchronized void run() {
        try {
            registry.refresh().forEach(deviceId -> presence.clientsOf(deviceId).forEach(broker::disconnect));
            tokens.refresh();
        } catch (RuntimeException e) {
            LOG.warn("could not refresh devices and tokens from storage: {}", e.getMessage());
        }
    }
}
