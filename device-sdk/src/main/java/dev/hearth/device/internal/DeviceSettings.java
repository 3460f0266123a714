package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.device.ConnectionListener;
import dev.hearth.device.DesiredStateHandler;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.DeviceMeta;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a device was built with; checked by the builder.
 *
 * @param sessionExpiry how long the broker keeps the session (subscriptions, queued commands)
 *     after the device goes; zero for a clean session on every connect
 */
public record DeviceSettings(
        String serverUri,
        String deviceId,
        Optional<String> password,
        Optional<DeviceMeta> meta,
        ObjectNode initialState,
        Map<String, CommandHandler> handlers,
        Optional<DesiredStateHandler> desiredStateHandler,
        List<ConnectionListener> listeners,
        Duration connectTimeout,
        Duration keepAlive,
        Duration minReconnectDelay,
        Duration maxReconnectDelay,
        Duration sessionExpiry,
        Optional<BufferSettings> buffer,
        TlsSettings tls) {

    public DeviceSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        DeviceIds.require(deviceId);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(meta, "meta");
        initialState = initialState.deepCopy();
        handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        Objects.requireNonNull(desiredStateHandler, "desiredStateHandler");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(minReconnectDelay, "minReconnectDelay");
        Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("maxReconnectDelay " + maxReconnectDelay + " is below minReconnectDelay "
                    + minReconnectDelay);
        }
        if (sessionExpiry.isNegative()) {
            throw new IllegalArgumentException("sessionExpiry cannot be negative");
        }
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(tls, "tls");
    }

    @Override
    public ObjectNode initialState() {
        return initialState.deepCopy();
    }
}
