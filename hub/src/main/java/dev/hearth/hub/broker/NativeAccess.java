package dev.hearth.hub.broker;

import java.util.List;
import java.util.Objects;

/**
 * The MQTT topics a login speaking a native protocol may use, made concrete for it (its native
 * topic filled in): {@code publish} and {@code subscribe} filters of its own tree; {@code swallow},
 * filters of shared trees it publishes to by default, whose messages the hub takes and drops;
 * {@code commandTopic}, a topic the hub sends it commands on, to tell from its subscriptions
 * whether it receives them; a {@code commandTopic} ending in {@code /} is a prefix (a device announcing itself by
 * Home Assistant discovery subscribes to each entity's command topic, all under its own {@code <node>/}).
 */
public record NativeAccess(List<String> publish, List<String> subscribe, List<String> swallow, String commandTopic) {
    public NativeAccess {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
        swallow = List.copyOf(swallow);
        Objects.requireNonNull(commandTopic, "commandTopic");
    }

    /** Whether a subscription with this filter receives the hub's commands for the login. */
    public boolean receivesCommands(String subscriptionFilter) {
        return commandTopic.endsWith("/") ? subscriptionFilter.startsWith(commandTopic)
                : TopicFilters.matches(subscriptionFilter, commandTopic);
    }
}
