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
import dev.hearth.hub.security.LoginThrottle;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets in known devices with the right password (the user name is the device id, or a native login's
 * {@code username}; {@link DeviceRegistry#authenticate} maps it, and past it only the id is used) and gives each
 * connection its ACL: publish only the device-to-hub topics under its own {@code devices/{id}/},
 * subscribe only to its own commands and desired state; a login speaking a native protocol, only
 * its protocol's topics under its own native topic ({@link NativeAccess}); everything else is denied. A client id
 * already bound to another device's session is refused ({@link SessionOwners}). Passwords are
 * checked off the broker's threads, and guessing is slowed down ({@link LoginThrottle}).
 */
final class DeviceAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private static final List<TopicKind> DEVICE_PUBLISHES = List.of(
            TopicKind.META, TopicKind.STATE, TopicKind.TELEMETRY, TopicKind.STATUS, TopicKind.REPLIES);

    /**
     * A password check waits for a free checker at most this long: bcrypt takes ~50 ms, and past
     * {@link #CHECKS_QUEUED} waiting the hub answers "busy" at once.
     */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A device's client id is its id (64 at most) and maybe a suffix, and every connection keeps its
     * id in memory and in log lines. The broker allows far more, so that a longer one reaches this
     * check and is counted, not dropped unseen.
     */
    static final int MAX_CLIENT_ID_LENGTH = 256;
    /** Password checks that may wait for a checker thread; more are refused as busy. */
    static final int CHECKS_QUEUED = 64;

    private final DeviceRegistry registry;
    private final NativeTraffic natives;
    private final OpenConnections connections;
    private final SessionOwners sessionOwners;
    private final DevicePresence presence;
    private final LoginThrottle throttle;
    private final Executor passwordChecks;

    /**
     * @param passwordChecks where bcrypt runs: never the broker's own threads, which would stop
     *                       serving every connected device while guesses are checked
     */
    DeviceAuthenticator(DeviceRegistry registry, NativeTraffic natives, OpenConnections connections, SessionOwners sessionOwners,
                        DevicePresence presence, LoginThrottle throttle, Executor passwordChecks) {
        this.registry = registry;
        this.natives = natives;
        this.connections = connections;
        this.sessionOwners = sessionOwners;
        this.presence = presence;
        this.throttle = throttle;
        this.passwordChecks = passwordChecks;
    }

    /** A small pool for {@code passwordChecks}: bcrypt keeps a core busy, so at most {@code threads} of them. */
    static ExecutorService passwordCheckPool(int threads) {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(CHECKS_QUEUED), task -> {
                    Thread thread = new Thread(task, "hearth-password-check-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
            LOG.warn("refused an MQTT client whose client id has {} characters (at most {})", clientId.length(), MAX_CLIENT_ID_LENGTH);
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client ids have at most " + MAX_CLIENT_ID_LENGTH + " characters");
            presence.onRefused("client_id_too_long");
            return;
        }
        String username = input.getConnectPacket().getUserName().orElse(null);
        byte[] password = input.getConnectPacket().getPassword().map(Buffers::copy).orElse(null);
        if (username == null || password == null) {
            LOG.warn("refused MQTT client '{}': no user name or password", clientId);
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "user name and password required");
            presence.onRefused("bad_credentials");
            return;
        }
        Optional<InetAddress> address = input.getConnectionInformation().getInetAddress();
        if (throttle.throttled(username, address)) {
            Arrays.fill(password, (byte) 0);
            LOG.warn("refused MQTT client '{}' for user '{}' from {}: too many failed logins, try again later",
                    clientId, username, address.map(InetAddress::getHostAddress).orElse("an unknown address"));
            output.failAuthentication(ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "too many failed logins, try again later");
            presence.onRefused("login_throttled");
            return;
        }
        Async<SimpleAuthOutput> async = output.async(CHECK_TIMEOUT, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_BUSY, "the password could not be checked in time");
        try {
            passwordChecks.execute(() -> {
                try {
                    check(input, output, async, clientId, username, address, password);
                } catch (RuntimeException e) {
                    // the hub's own fault: the client is refused, never left waiting for the timeout
                    LOG.error("failed to authenticate MQTT client '{}' of user '{}'", clientId, username, e);
                    output.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, "the hub failed to check the login");
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            Arrays.fill(password, (byte) 0);
            LOG.warn("refused MQTT client '{}' of user '{}': {} password checks are waiting already",
                    clientId, username, CHECKS_QUEUED);
            output.failAuthentication(ConnackReasonCode.SERVER_BUSY, "too many logins at once, try again later");
            presence.onRefused("login_busy");
            async.resume();
        }
    }

    /** On a password-check thread; resumes the broker's connect once the answer is given. */
    private void check(SimpleAuthInput input, SimpleAuthOutput output, Async<SimpleAuthOutput> async,
                       String clientId, String username, Optional<InetAddress> address, byte[] password) {
        Optional<String> device;
        try {
            device = registry.authenticate(username, password);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        if (device.isEmpty()) {
            throttle.failed(username, address);
            LOG.warn("refused MQTT client '{}': bad user name or password for user '{}'", clientId, username);
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            presence.onRefused("bad_credentials");
            async.resume();
            return;
        }
        throttle.succeeded(username);
        String deviceId = device.get();
        if (async.getStatus() != Async.Status.RUNNING) {
            return; // the broker gave up waiting: no connection to count
        }
        if (!connections.tryOpen()) {
            LOG.warn("refused MQTT client '{}' of device '{}': the hub's connection limit is reached", clientId, deviceId);
            output.failAuthentication(ConnackReasonCode.QUOTA_EXCEEDED, "connection limit reached");
            presence.onRefused("max_connections");
            async.resume();
            return;
        }
        sessionOwners.claim(clientId, deviceId).whenComplete((owns, error) -> {
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
        Optional<NativeAccess> nativeAccess = natives.access(deviceId);
        if (nativeAccess.isPresent()) {
            grantNativePermissions(output.getDefaultPermissions(), nativeAccess.get());
        } else {
            grantDevicePermissions(output.getDefaultPermissions(), deviceId);
        }
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

    /** A native login (Tasmota, Zigbee2MQTT) uses its protocol's topics, and only its own tree of them. */
    static void grantNativePermissions(ModifiableDefaultPermissions permissions, NativeAccess access) {
        access.publish().forEach(filter -> permissions.add(allow(filter, TopicPermission.MqttActivity.PUBLISH)));
        access.swallow().forEach(filter -> permissions.add(allow(filter, TopicPermission.MqttActivity.PUBLISH)));
        access.subscribe().forEach(filter -> permissions.add(allow(filter, TopicPermission.MqttActivity.SUBSCRIBE)));
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
