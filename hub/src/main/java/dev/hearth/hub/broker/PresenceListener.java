package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import java.time.Clock;

/**
 * Turns authenticated connections into presence. Last wills never reach the interceptor
 * (STACK.md trap 3), so the broker's own connection events are the source of truth.
 */
final class PresenceListener implements ClientLifecycleEventListener {
    private final DevicePresence presence;
    private final OpenConnections connections;
    private final SessionOwners sessionOwners;
    private final CommandSubscriptions commandSubscriptions;
    private final SessionOwners.Sessions sessions;
    private final Clock clock;

    PresenceListener(DevicePresence presence, OpenConnections connections, SessionOwners sessionOwners,
                     CommandSubscriptions commandSubscriptions, SessionOwners.Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.presence = presence;
        this.connections = connections;
        this.sessionOwners = sessionOwners;
        this.commandSubscriptions = commandSubscriptions;
        this.clock = clock;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // not yet authenticated: nothing to say
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        ConnectionDevice.of(input).ifPresent(deviceId -> {
            String clientId = input.getClientInformation().getClientId();
            presence.onConnected(deviceId, clientId, clock.instant());
            commandSubscriptions.check(deviceId, clientId); // a resumed session keeps its subscriptions
        });
    }

    /** A packet over mqtt.max-packet-size makes the broker drop the connection: counted here, where it shows. */
    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        if (input.getReasonCode().filter(reason -> reason == DisconnectedReasonCode.PACKET_TOO_LARGE).isPresent()) {
            presence.onRefused("packet_too_large");
        }
        onDisconnect(input);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        // Only authenticated connections carry a device id, so refused ones are ignored here.
        ConnectionDevice.of(input).ifPresent(deviceId -> {
            String clientId = input.getClientInformation().getClientId();
            connections.closed();
            sessionOwners.disconnected(clientId);
            presence.onDisconnected(deviceId, clientId, clock.instant());
            // A session the broker keeps still receives commands (queued until the device returns).
            sessions.kept(clientId).thenAccept(kept -> {
                if (!kept) {
                    sessionOwners.sessionEnded(clientId);
                    presence.onStoppedListening(deviceId, clientId);
                }
            });
        });
    }
}
