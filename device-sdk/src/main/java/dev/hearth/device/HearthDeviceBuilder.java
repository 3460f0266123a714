package dev.hearth.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.internal.BufferSettings;
import dev.hearth.device.internal.DeviceSettings;
import dev.hearth.device.internal.PahoHearthDevice;
import dev.hearth.device.internal.TlsSettings;
import dev.hearth.wire.DeviceIds;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Collects what a {@link HearthDevice} needs; {@link #build()} checks it. Not thread-safe. */
public final class HearthDeviceBuilder {
    /** How long the broker keeps a device's session unless {@link #sessionExpiry} says otherwise. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);
    /** The store-and-forward buffer's size unless given: 16 MiB, some 190,000 small measurements. */
    public static final long DEFAULT_BUFFER_BYTES = 16L * 1024 * 1024;

    private String serverUri;
    private String deviceId;
    private String password;
    private DeviceMeta meta;
    private ObjectNode initialState = WireJson.mapper().createObjectNode();
    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();
    private final List<ConnectionListener> listeners = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration minReconnectDelay = Duration.ofSeconds(1);
    private Duration maxReconnectDelay = Duration.ofSeconds(30);
    private Duration sessionExpiry = DEFAULT_SESSION_EXPIRY;
    private DesiredStateHandler desiredStateHandler;
    private BufferSettings buffer;
    private TlsSettings.KeyStoreFile trustStore;
    private TlsSettings.KeyStoreFile keyStore;

    HearthDeviceBuilder() {
    }

    /**
     * The broker, e.g. {@code tcp://127.0.0.1:1883}, or {@code ssl://hub.local:8883} for TLS (see
     * {@link #trustStore}).
     */
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

    /**
     * The longest pause between reconnect attempts; 30 s unless set. Same as
     * {@link #reconnectDelay reconnectDelay(min, delay)}, lowering min to {@code delay} if it was above.
     */
    public HearthDeviceBuilder maxReconnectDelay(Duration delay) {
        this.maxReconnectDelay = positive(delay, "maxReconnectDelay");
        if (minReconnectDelay.compareTo(delay) > 0) {
            minReconnectDelay = delay;
        }
        return this;
    }

    /**
     * The bounds of the pause between reconnect attempts: the first waits about {@code min}, each
     * next one up to twice as long, never more than {@code max}, each at a random point in the
     * upper half of its step (jitter, so devices that lost the hub together do not return
     * together). 1 s and 30 s unless set.
     */
    public HearthDeviceBuilder reconnectDelay(Duration min, Duration max) {
        positive(min, "min reconnect delay");
        positive(max, "max reconnect delay");
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max reconnect delay " + max + " is below min " + min);
        }
        this.minReconnectDelay = min;
        this.maxReconnectDelay = max;
        return this;
    }

    /**
     * How long the broker keeps the device's session after it goes (its subscription, and the
     * commands sent meanwhile, which arrive when it returns); {@link #DEFAULT_SESSION_EXPIRY}
     * unless set. {@link Duration#ZERO} asks for a clean session on every connect: commands sent
     * while the device is away are lost.
     */
    public HearthDeviceBuilder sessionExpiry(Duration expiry) {
        if (expiry == null || expiry.isNegative()) {
            throw new IllegalArgumentException("sessionExpiry must be zero or positive, was " + expiry);
        }
        this.sessionExpiry = expiry;
        return this;
    }

    /** Subscribes to {@code devices/{id}/desired}; the handler converges and reports the state reached. */
    public HearthDeviceBuilder onDesiredState(DesiredStateHandler handler) {
        this.desiredStateHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Keeps telemetry and state reports in a disk buffer in {@code directory} and forwards them in
     * order, at QoS 1, whenever connected: nothing is lost while the broker is away or the device
     * restarts, within {@link #DEFAULT_BUFFER_BYTES}, dropping the oldest beyond.
     */
    public HearthDeviceBuilder storeAndForward(Path directory) {
        return storeAndForward(directory, DEFAULT_BUFFER_BYTES, OverflowPolicy.DROP_OLDEST);
    }

    /**
     * As {@link #storeAndForward(Path)}, with at most {@code maxBytes} on disk (at least 8 KiB)
     * and {@code policy} when full. One device per directory: a second one fails to build.
     */
    public HearthDeviceBuilder storeAndForward(Path directory, long maxBytes, OverflowPolicy policy) {
        this.buffer = new BufferSettings(Objects.requireNonNull(directory, "directory"), maxBytes,
                Objects.requireNonNull(policy, "policy"));
        return this;
    }

    /**
     * For {@code ssl://} brokers: the certificates to trust (a PKCS12 or JKS file). Without it
     * the JVM's default certificate authorities are trusted. The broker's certificate must name
     * the host of the server URI.
     */
    public HearthDeviceBuilder trustStore(Path file, String password) {
        this.trustStore = new TlsSettings.KeyStoreFile(file, password);
        return this;
    }

    /** For {@code ssl://} brokers that want a client certificate: the device's key and certificate (PKCS12 or JKS). */
    public HearthDeviceBuilder clientKeyStore(Path file, String password) {
        this.keyStore = new TlsSettings.KeyStoreFile(file, password);
        return this;
    }

    public HearthDevice build() {
        if (serverUri == null) {
            throw new IllegalStateException("a device needs a serverUri, e.g. tcp://127.0.0.1:1883");
        }
        if (deviceId == null) {
            throw new IllegalStateException("a device needs a deviceId");
        }
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalStateException("maxReconnectDelay " + maxReconnectDelay + " is below the min reconnect delay "
                    + minReconnectDelay);
        }
        if ((trustStore != null || keyStore != null) && !serverUri.startsWith("ssl://")) {
            throw new IllegalStateException("a trust store or client key store needs an ssl:// server URI, not " + serverUri);
        }
        TlsSettings tls = new TlsSettings(Optional.ofNullable(trustStore), Optional.ofNullable(keyStore));
        return new PahoHearthDevice(new DeviceSettings(serverUri, deviceId, Optional.ofNullable(password),
                Optional.ofNullable(meta), initialState, handlers, Optional.ofNullable(desiredStateHandler), listeners,
                connectTimeout, keepAlive, minReconnectDelay, maxReconnectDelay, sessionExpiry, Optional.ofNullable(buffer), tls));
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
