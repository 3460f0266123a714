package dev.hearth.wire;

import java.util.Optional;

/** A parsed device topic: whose it is, what kind, and for commands which one. */
public record DeviceTopic(String deviceId, TopicKind kind, Optional<String> commandName) {
    public DeviceTopic {
        DeviceIds.require(deviceId);
        if ((kind == TopicKind.COMMAND) != commandName.isPresent()) {
            throw new IllegalArgumentException("a command name goes with a command topic, and only there");
        }
    }

    public String topic() {
        return commandName.map(name -> Topics.command(deviceId, name)).orElseGet(() -> Topics.of(deviceId, kind));
    }
}
