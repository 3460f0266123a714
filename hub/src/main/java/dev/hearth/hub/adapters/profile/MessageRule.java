package dev.hearth.hub.adapters.profile;

import dev.hearth.rules.yaml.Position;

/**
 * One native topic a profile reads and what it does with it. {@code aboutLogin}: the message is
 * about the login itself (a Zigbee2MQTT bridge's state or device list), not a device behind it.
 */
public record MessageRule(Position at, TopicPattern topic, boolean aboutLogin, Handling handling) {
}
