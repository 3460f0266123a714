package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets in known devices with the right password (user name = device id) and gives each
 * connection its ACL: publish only the device-to-hub topics under its own {@code devices/{id}/},
 * subscribe only to its own commands and desired state; everything else is denied. A client id
 * already bound to another device's session is refused ({@link SessionOwners}).
 */
final class DeviceAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private static final List<TopicKind> DEVICE_PUBLISHES = List.of(
            TopicKind.META, TopicKind.STATE, TopicKind.TELEMETRY, TopicKind.STATUS, TopicKind.REPLIES);

    /** Looking up a session takes a broker round trip, never this long. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final DeviceRegistry registry;
    private final OpenConnections connections;
    private final SessionOwners sessionOwners;
    private final DevicePresence presence;

    DeviceAuthenticator(DeviceRegistry registry, OpenConnections connections, SessionOwners sessionOwners,
                        DevicePresence presence) {
        this.registry = registry;
        this.connections = connections;
        this.sessionOwners = sessionOwners;
        this.presence = presence;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String deviceId = input.getConnectPacket().getUserName().orElse(null);
        byte[] password = input.getConnectPacket().getPassword().map(Buffers::copy).orElse(null);
        if (deviceId == null || password == null) {
            LOG.warn("refused MQTT client '{}': no user name or password", clientId);
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "user name and password required");
            presence.onRefused("bad_credentials");
            return;
        }
        boolean ok = registry.authenticate(deviceId, password);
        Arrays.fill(password, (byte) 0);
        if (!ok) {
            LOG.warn("refused MQTT client '{}': bad user name or password for device '{}'", clientId, deviceId);
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            presence.onRefused("bad_credentials");
            return;
        }
        if (!connections.tryOpen()) {
            LOG.warn("refused MQTT client '{}' of device '{}': the hub's connection limit is reached", clientId, deviceId);
            output.failAuthentication(ConnackReasonCode.QUOTA_EXCEEDED, "connection limit reached");
            presence.onRefused("max_connections");
            return;
        }
        CompletableFuture<Boolean> claimed = sessionOwners.claim(clientId, deviceId);
        if (claimed.isDone()) {
            finish(input, output, clientId, deviceId, claimed.join());
            return;
        }
        Async<SimpleAuthOutput> async = output.async(CLAIM_TIMEOUT, TimeoutFallback.FAILURE);
        claimed.whenComplete((owns, error) -> {
            finish(input, output, clientId, deviceId, Boolean.TRUE.equals(owns));
            async.resume();
        });
    }

    private void finish(SimpleAuthInput input, SimpleAuthOutput output, String clientId, String deviceId, boolean ownsClientId) {
        if (!ownsClientId) {
            connections.closed();
            LOG.warn("refused MQTT client '{}' of device '{}': the client id belongs to another device's session",
                    clientId, deviceId);
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id '" + clientId + "' belongs to another device's session");
            presence.onRefused("client_id_taken");
            return;
        }
        ConnectionDevice.remember(input, deviceId);
        grantDevicePermissions(output.getDefaultPermissions(), deviceId);
        output.authenticateSuccessfully();
    }

    static void grantDevicePermissions(ModifiableDefaultPermissions permissions, String deviceId) {
        for (TopicKind kind : DEVICE_PUBLISHES) {
            permissions.add(allow(Topics.of(deviceId, kind), TopicPermission.MqttActivity.PUBLISH));
        }
        permissions.add(allow(Topics.commandsSubtreeFilter(deviceId), TopicPermission.MqttActivity.SUBSCRIBE));
        permissions.add(allow(Topics.desired(deviceId), TopicPermission.MqttActivity.SUBSCRIBE));
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    }

    private static TopicPermission allow(String topicFilter, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission()
                .topicFilter(topicFilter)
                .type(TopicPermission.PermissionType.ALLOW)
                .activity(activity)
                .build();
    }

}
