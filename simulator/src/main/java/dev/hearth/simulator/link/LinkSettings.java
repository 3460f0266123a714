package dev.hearth.simulator.link;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.DeviceMeta;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a transport needs to open a link for one device; a native device's firmware says how it speaks MQTT. */
public record LinkSettings(String deviceId, String password, DeviceMeta meta, ObjectNode initialState,
                           Map<String, CommandHandler> commands, Optional<Firmware> firmware) {
    public LinkSettings {
        DeviceIds.require(deviceId);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(meta, "meta");
        initialState = Objects.requireNonNull(initialState, "initialState").deepCopy();
        commands = Map.copyOf(commands);
        Objects.requireNonNull(firmware, "firmware");
    }

    /** A device of the wire contract (no native firmware). */
    public LinkSettings(String deviceId, String password, DeviceMeta meta, ObjectNode initialState,
                        Map<String, CommandHandler> commands) {
        this(deviceId, password, meta, initialState, commands, Optional.empty());
    }

    @Override
    public ObjectNode initialState() {
        return initialState.deepCopy();
    }
}
