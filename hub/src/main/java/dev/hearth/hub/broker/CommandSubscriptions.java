package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import dev.hearth.wire.Topics;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tells the hub when a connection of a device can receive its commands: it holds a subscription
 * covering them, made now (seen as the SUBACK goes out, once the broker has stored it) or kept in
 * the session it resumed. Connected is not enough: a command published before the device subscribes
 * reaches nobody.
 */
final class CommandSubscriptions implements SubackOutboundInterceptor {
    private final Function<String, CompletableFuture<Set<TopicSubscription>>> subscriptionsOf;
    private final DevicePresence presence;
    private final NativeTraffic natives;

    CommandSubscriptions(Function<String, CompletableFuture<Set<TopicSubscription>>> subscriptionsOf, DevicePresence presence,
                         NativeTraffic natives) {
        this.subscriptionsOf = subscriptionsOf;
        this.presence = presence;
        this.natives = natives;
    }

    @Override
    public void onOutboundSuback(SubackOutboundInput input, SubackOutboundOutput output) {
        ConnectionDevice.of(input).ifPresent(deviceId -> check(deviceId, input.getClientInformation().getClientId()));
    }

    /** Looks at the client's subscriptions, and tells the hub if one covers the device's commands. */
    void check(String deviceId, String clientId) {
        Optional<NativeAccess> nativeAccess = natives.access(deviceId);
        if (nativeAccess.isPresent()) {
            NativeAccess access = nativeAccess.get();
            subscriptionsOf.apply(clientId).thenAccept(subscriptions -> {
                if (subscriptions.stream().anyMatch(subscription -> access.receivesCommands(subscription.getTopicFilter()))) {
                    presence.onListening(deviceId, clientId);
                }
            });
            return;
        }
        String commands = Topics.commandsFilter(deviceId);
        String prefix = commands.substring(0, commands.length() - 1);
        subscriptionsOf.apply(clientId).thenAccept(subscriptions -> {
            if (subscriptions.stream().anyMatch(subscription -> subscription.getTopicFilter().startsWith(prefix))) {
                presence.onListening(deviceId, clientId);
            }
        });
    }
}
