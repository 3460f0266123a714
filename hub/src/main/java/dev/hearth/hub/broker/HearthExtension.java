package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import dev.hearth.hub.config.MqttSettings;
import dev.hearth.hub.memory.HeapWatermark;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.hub.security.LoginThrottle;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The hub's embedded extension: authentication and ACLs, the publish interceptor, presence.
 * Embedded HiveMQ lets everyone in when no authenticator is registered (STACK.md trap 1), so
 * {@link #awaitStarted} must be checked before the broker is trusted.
 */
final class HearthExtension implements ExtensionMain {
    private final DeviceRegistry registry;
    private final DeviceTraffic traffic;
    private final NativeTraffic natives;
    private final DevicePresence presence;
    private final OpenConnections connections;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final HeapWatermark heap;
    private final Executor passwordChecks;
    private final CountDownLatch started = new CountDownLatch(1);

    HearthExtension(DeviceRegistry registry, DeviceTraffic traffic, NativeTraffic natives, DevicePresence presence,
                    MqttSettings mqtt, OpenConnections connections, HeapWatermark heap, Clock clock, Executor passwordChecks) {
        this.heap = heap;
        this.registry = registry;
        this.traffic = traffic;
        this.natives = natives;
        this.presence = presence;
        this.connections = connections;
        this.rateLimiter = new RateLimiter(mqtt.rateLimit(), System::nanoTime);
        this.clock = clock;
        this.throttle = new LoginThrottle(LoginThrottle.Policy.startingAt(mqtt.loginBackoff()), clock);
        this.passwordChecks = passwordChecks;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SessionOwners.Sessions sessions = SessionOwners.ofBroker(Services.clientService()::getSession);
        SessionOwners sessionOwners = new SessionOwners(sessions);
        DeviceAuthenticator authenticator = new DeviceAuthenticator(registry, natives, connections, sessionOwners, presence,
                throttle, passwordChecks);
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        PublishIngest ingest = new PublishIngest(traffic, natives, rateLimiter, heap, clock,
                clientId -> Services.clientService().disconnectClient(clientId));
        CommandSubscriptions commandSubscriptions = new CommandSubscriptions(Services.subscriptionStore()::getSubscriptions, presence, natives);
        Services.initializerRegistry().setClientInitializer((initializerInput, client) -> {
            client.addPublishInboundInterceptor(ingest);
            client.addSubackOutboundInterceptor(commandSubscriptions);
        });
        PresenceListener presenceListener = new PresenceListener(presence, connections, sessionOwners, commandSubscriptions, sessions, clock);
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> presenceListener);
        started.countDown();
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // nothing to release: the broker drops the registrations with the extension
    }

    boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }
}
