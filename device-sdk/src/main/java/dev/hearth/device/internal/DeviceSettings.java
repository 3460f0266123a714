package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.device.ConnectionListener;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.DeviceMeta;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Everything a device was built with; checked by the builder. */
public record DeviceSettings(
        String serverUri,
        String deviceId,
        Optional<String> password,
        Optional<DeviceMeta> meta,
        ObjectNode initialState,
        Map<String, CommandHandler> handlers,
        List<ConnectionListener> listeners,
        Duration connectTimeout,
        Duration keepAlive,
        Duration maxReconnectDelay) {

    public DeviceSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        DeviceIds.require(deviceId);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(meta, "meta");
        initialState = initialState.deepCopy();
        handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
    }

    @Override
    public ObjectNode initialState() {
        return initialState.deepCopy();
    }
}
