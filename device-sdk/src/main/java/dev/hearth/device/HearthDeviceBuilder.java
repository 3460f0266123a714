package dev.hearth.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.internal.DeviceSettings;
import dev.hearth.device.internal.PahoHearthDevice;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Collects what a {@link HearthDevice} needs; {@link #build()} checks it. Not thread-safe. */
public final class HearthDeviceBuilder {
    private String serverUri;
    private String deviceId;
    private String password;
    private DeviceMeta meta;
    private ObjectNode initialState = WireJson.mapper().createObjectNode();
    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();
    private final List<ConnectionListener> listeners = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration maxReconnectDelay = Duration.ofSeconds(30);

    HearthDeviceBuilder() {
    }

    /** The broker, e.g. {@code tcp://127.0.0.1:1883}. */
    public HearthDeviceBuilder serverUri(String serverUri) {
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        return this;
    }

    /** The device id: also the MQTT client id and user name. */
    public HearthDeviceBuilder deviceId(String deviceId) {
        this.deviceId = DeviceIds.require(deviceId);
        return this;
    }

    public HearthDeviceBuilder password(String password) {
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /** Published retained on {@code devices/{id}/meta} on every connect. */
    public HearthDeviceBuilder meta(DeviceMeta meta) {
        this.meta = Objects.requireNonNull(meta, "meta");
        return this;
    }

    /** The state before anything is reported; published with the first connect. */
    public HearthDeviceBuilder initialState(ObjectNode state) {
        this.initialState = Objects.requireNonNull(state, "state").deepCopy();
        return this;
    }

    public HearthDeviceBuilder initialState(Map<String, ?> state) {
        ObjectNode node = WireJson.mapper().valueToTree(Objects.requireNonNull(state, "state"));
        return initialState(node);
    }

    /** Answers the command {@code name}; a second handler for the same name replaces the first. */
    public HearthDeviceBuilder onCommand(String name, CommandHandler handler) {
        handlers.put(Topics.requireCommandName(name), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    public HearthDeviceBuilder onConnectionEvent(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** How long {@link HearthDevice#connect()} waits for the broker; 10 s unless set. */
    public HearthDeviceBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /** MQTT keep-alive; 30 s unless set. The broker publishes the last will after 1.5 times this. */
    public HearthDeviceBuilder keepAlive(Duration keepAlive) {
        this.keepAlive = positive(keepAlive, "keepAlive");
        return this;
    }

    /** The longest pause between reconnect attempts (they start at 1 s and double); 30 s unless set. */
    public HearthDeviceBuilder maxReconnectDelay(Duration delay) {
        this.maxReconnectDelay = positive(delay, "maxReconnectDelay");
        return this;
    }

    public HearthDevice build() {
        if (serverUri == null) {
            throw new IllegalStateException("a device needs a serverUri, e.g. tcp://127.0.0.1:1883");
        }
        if (deviceId == null) {
            throw new IllegalStateException("a device needs a deviceId");
        }
        return new PahoHearthDevice(new DeviceSettings(serverUri, deviceId, Optional.ofNullable(password),
                Optional.ofNullable(meta), initialState, handlers, listeners, connectTimeout, keepAlive,
                maxReconnectDelay));
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
