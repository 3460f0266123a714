package dev.hearth.simulator.link;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.DeviceMeta;
import java.util.Map;
import java.util.Objects;

/** What a transport needs to open a link for one device. */
public record LinkSettings(String deviceId, String password, DeviceMeta meta, ObjectNode initialState,
                           Map<String, CommandHandler> commands) {
    public LinkSettings {
        DeviceIds.require(deviceId);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(meta, "meta");
        initialState = Objects.requireNonNull(initialState, "initialState").deepCopy();
        commands = Map.copyOf(commands);
    }

    @Override
    public ObjectNode initialState() {
        return initialState.deepCopy();
    }
}
