package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.BufferStats;
import dev.hearth.device.ConnectionEvent;
import dev.hearth.device.ConnectionListener;
import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceException;
import dev.hearth.device.NoDelaySocketFactory;
import dev.hearth.device.internal.buffer.Forwarder;
import dev.hearth.device.internal.buffer.SegmentLog;
import dev.hearth.wire.Availability;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link HearthDevice} over Paho's MQTT 5 async client. Paho calls back on a single thread that
 * must not block (publishing from it can deadlock), so everything that waits runs on this
 * device's own threads ({@link DeviceThreads}): command handling on {@code commands}; connecting,
 * reconnecting and listener calls on {@code lifecycle}; draining the store-and-forward buffer on
 * the forwarder's.
 *
 * <p>Reconnecting is ours, not Paho's: Paho's automatic reconnect has no jitter, and it would
 * resend its own in-flight QoS 1 messages on top of what the forwarder resends. Every connection
 * therefore gets a fresh Paho client (empty in-memory state); the broker-side session (clean
 * start off, an expiry set) keeps the subscriptions and the commands queued meanwhile.
 *
 * <p>The lifecycle is a {@link ConnectionState}, changed only by {@link #moveTo} and only while
 * holding {@code connectLock}; Paho's {@code isConnected()} stays the truth about the socket.
 * What has its own reason to change lives beside this class: the set-up of each session
 * ({@link SessionSetUp}), the background attempts ({@link ReconnectLoop}), the data going out
 * ({@link Outbound}) and the forwarder's publishing ({@link PahoLink}), the threads
 * ({@link DeviceThreads}). What is left (about 400 lines) stays whole because it is one thing:
 * which Paho client is current and what happens to it on connect, loss and close, all under
 * {@code connectLock}; its {@code Callback} only hands Paho's events to that code.
 */
public final class PahoHearthDevice implements HearthDevice {
    private static final System.Logger LOG = System.getLogger(PahoHearthDevice.class.getName());
    private static final long CLOSE_TIMEOUT_MS = 5_000;
    /** Buffered messages awaiting PUBACK; below HiveMQ's receive maximum of 10, with room for replies. */
    private static final int FORWARD_WINDOW = InFlightLimit.MAX_IN_FLIGHT;

    private final DeviceSettings settings;
    private final String id;
    private final MqttConnectionOptions options;
    private final LastSocket lastSocket = new LastSocket();
    private final ReportedState state;
    private final Inbound inbound;
    private final InFlightLimit inFlight = new InFlightLimit();
    private final Optional<Forwarder> forwarder;
    private final SessionSetUp session;
    private final Outbound outbound;
    private final DeviceThreads threads;
    /** Guarded by {@code connectLock}. */
    private final ReconnectLoop reconnects;
    private final Object connectLock = new Object();
    /** Each Paho client's callback, to mark its connection established once set up. */
    private final Map<MqttAsyncClient, Callback> callbacks = new ConcurrentHashMap<>();
    /** The current Paho client; until the first attempt, one that checked the URI and never connects. */
    private volatile MqttAsyncClient client;
    /** Read without the lock; changed by {@link #moveTo} only, holding {@code connectLock}. */
    private final AtomicReference<ConnectionState> connection = new AtomicReference<>(ConnectionState.NEW);

    public PahoHearthDevice(DeviceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.id = settings.deviceId();
        this.state = new ReportedState(settings.initialState());
        this.client = newClient(); // checks the URI now rather than at connect
        this.options = ConnectionOptions.of(settings, new NoDelaySocketFactory(lastSocket));
        this.forwarder = settings.buffer().map(b -> {
            try {
                return new Forwarder(SegmentLog.open(b.directory(), b.maxBytes(), b.policy()), FORWARD_WINDOW,
                        "hearth-device-" + id + "-forwarder");
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new HearthDeviceException("device " + id + ": " + e.getMessage(), e);
            }
        });
        this.outbound = new Outbound(id, state, forwarder, inFlight, () -> client);
        this.inbound = new Inbound(id, new CommandDispatcher(settings.handlers()), settings.desiredStateHandler(),
                (topic, payload, props) -> outbound.publishQuietly(client, topic, payload, Outbound.QOS_AT_LEAST_ONCE, false,
                        props) != null);
        this.threads = new DeviceThreads(id);
        this.session = new SessionSetUp(settings, state, forwarder, inFlight);
        this.reconnects = new ReconnectLoop(new Backoff(settings.minReconnectDelay(), settings.maxReconnectDelay(),
                () -> ThreadLocalRandom.current().nextDouble()), threads.lifecycle(), this::attemptReconnect);
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient fresh = new MqttAsyncClient(settings.serverUri(), id, new MemoryPersistence());
            fresh.setCallback(new Callback(fresh));
            return fresh;
        } catch (MqttException | IllegalArgumentException e) {
            throw new HearthDeviceException("invalid server URI '" + settings.serverUri() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String deviceId() {
        return id;
    }

    @Override
    public void connect() {
        boolean reconnect;
        synchronized (connectLock) {
            ConnectionState now = connection.get();
            if (now == ConnectionState.CLOSED) {
                throw new HearthDeviceException("device " + id + " is closed");
            }
            if (client.isConnected()) {
                return;
            }
            if (now == ConnectionState.CONNECTED) {
                lost(client, "connection lost"); // dropped, and the callback's report not handled yet
            }
            try {
                reconnect = connectOnce();
            } catch (MqttException e) {
                throw new HearthDeviceException(ConnectFailures.describe(e, settings.serverUri()), e);
            } catch (SessionSetUp.Failed e) {
                throw new HearthDeviceException(e.getMessage(), e.getCause());
            }
        }
        connectedEvent(reconnect);
    }

    @Override
    public void connectInBackground() {
        synchronized (connectLock) {
            switch (connection.get()) {
                case CLOSED -> throw new HearthDeviceException("device " + id + " is closed");
                case NEW -> {
                    moveTo(ConnectionState.CONNECTING);
                    reconnects.start(true);
                }
                case CONNECTED -> {
                    if (!client.isConnected()) {
                        lost(client, "connection lost"); // starts the loop
                    }
                }
                case CONNECTING, RECONNECTING -> {
                    // trying already
                }
            }
        }
    }

    /** The one place the state changes: refuses what {@link ConnectionState#to} refuses; returns the state it left. */
    private ConnectionState moveTo(ConnectionState next) {
        return connection.getAndUpdate(now -> now.to(next));
    }

    /**
     * One attempt, on a fresh client; the caller holds {@code connectLock}, in any state but
     * {@code CLOSED} and {@code CONNECTED}.
     *
     * @return whether the device had been connected before, i.e. this is a reconnect
     */
    private boolean connectOnce() throws MqttException, SessionSetUp.Failed {
        MqttAsyncClient fresh = freshClient();
        try {
            fresh.connect(options).waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
        } catch (MqttException e) {
            abandon(fresh);
            throw e;
        }
        try {
            session.run(fresh);
        } catch (SessionSetUp.Failed e) {
            abandon(fresh);
            throw e;
        }
        boolean reconnect = moveTo(ConnectionState.CONNECTED).hasBeenConnected();
        Callback callback = callbacks.get(fresh);
        callback.established.set(true);
        forwarder.ifPresent(f -> f.connected(PahoLink.over(fresh, inFlight)));
        if (!fresh.isConnected() && callback.established.compareAndSet(true, false)) {
            // Lost between set-up and now, while the callback still ignored losses: repair it here.
            threads.onLifecycle(() -> connectionLost(fresh, "connection lost right after set-up"));
        }
        return reconnect;
    }

    /** Replaces the current client by a new one, with empty in-memory state. */
    private MqttAsyncClient freshClient() {
        MqttAsyncClient old = client;
        abandon(old);
        MqttAsyncClient fresh = newClient();
        client = fresh;
        return fresh;
    }

    private void abandon(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException ignored) {
            // not connected: nothing to undo
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // closed already
        }
        callbacks.remove(c);
    }

    @Override
    public void reportState(ObjectNode partial) {
        outbound.reportState(Objects.requireNonNull(partial, "partial"));
    }

    @Override
    public void reportState(Map<String, ?> partial) {
        reportState((ObjectNode) WireJson.mapper().valueToTree(Objects.requireNonNull(partial, "partial")));
    }

    @Override
    public boolean sendTelemetry(ObjectNode measurements) {
        return outbound.sendTelemetry(Objects.requireNonNull(measurements, "measurements"));
    }

    @Override
    public boolean sendTelemetry(Map<String, ?> measurements) {
        return sendTelemetry((ObjectNode) WireJson.mapper().valueToTree(Objects.requireNonNull(measurements, "measurements")));
    }

    @Override
    public ObjectNode state() {
        return state.copy();
    }

    @Override
    public boolean isConnected() {
        return connection.get() != ConnectionState.CLOSED && client.isConnected();
    }

    @Override
    public BufferStats bufferStats() {
        return forwarder.map(Forwarder::stats).orElse(BufferStats.NONE);
    }

    @Override
    public void close() {
        synchronized (connectLock) {
            if (connection.get() == ConnectionState.CLOSED) {
                return;
            }
            moveTo(ConnectionState.CLOSED);
        }
        threads.stopCommands(); // let a running handler's reply go out first
        MqttAsyncClient c = client;
        if (c.isConnected()) {
            forwarder.ifPresent(f -> f.awaitDrained(Duration.ofMillis(CLOSE_TIMEOUT_MS)));
        }
        try {
            if (c.isConnected()) {
                outbound.publish(c, Topics.status(id), Availability.OFFLINE.wire().getBytes(StandardCharsets.UTF_8),
                                Outbound.QOS_AT_LEAST_ONCE, true, null)
                        .waitForCompletion(CLOSE_TIMEOUT_MS);
                // A normal DISCONNECT: the broker keeps the session for sessionExpiry.
                c.disconnect(CLOSE_TIMEOUT_MS).waitForCompletion(CLOSE_TIMEOUT_MS);
            }
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "device {0}: clean disconnect failed: {1}", id, e.getMessage());
        }
        forwarder.ifPresent(Forwarder::close);
        abandon(c);
        emit(new ConnectionEvent.Closed(id));
        threads.stopLifecycle();
    }

    /** Drops the TCP connection without a DISCONNECT, as a power cut would: the broker sends the will. */
    void severConnection() {
        lastSocket.close();
    }

    private void connectedEvent(boolean reconnect) {
        emit(new ConnectionEvent.Connected(id, reconnect));
    }

    private void emit(ConnectionEvent event) {
        for (ConnectionListener listener : settings.listeners()) {
            threads.onLifecycle(() -> {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "device " + id + ": connection listener failed", e);
                }
            });
        }
    }

    /** Runs on {@code lifecycle}, when connection {@code lost} broke. */
    private void connectionLost(MqttAsyncClient lost, String reason) {
        synchronized (connectLock) {
            lost(lost, reason);
        }
    }

    /** Handles the loss of {@code lost} unless a newer client replaced it; the caller holds {@code connectLock}. */
    private void lost(MqttAsyncClient lost, String reason) {
        if (lost != client) {
            return; // a newer connection replaced it meanwhile
        }
        inFlight.reset(); // acknowledgements of the old connection will never come
        forwarder.ifPresent(Forwarder::disconnected);
        if (connection.get() == ConnectionState.CONNECTED) {
            moveTo(ConnectionState.RECONNECTING);
            reconnects.start(false); // unless still running from before: its next attempt will do
        }
        LOG.log(Level.INFO, "device {0}: connection lost: {1}", id, reason);
        emit(new ConnectionEvent.ConnectionLost(id, reason));
    }

    /** Runs on {@code lifecycle}, for {@link ReconnectLoop}: one attempt, then finishes the loop or retries. */
    private void attemptReconnect(int attempt) {
        boolean reconnect;
        synchronized (connectLock) {
            ConnectionState now = connection.get();
            if (now == ConnectionState.CLOSED) {
                return;
            }
            if (client.isConnected()) {
                reconnects.finish();
                return;
            }
            if (now == ConnectionState.CONNECTED) {
                lost(client, "connection lost"); // dropped, and the callback's report not handled yet
            }
            try {
                reconnect = connectOnce();
                reconnects.finish();
            } catch (MqttException | SessionSetUp.Failed e) {
                String why = e instanceof MqttException m ? ConnectFailures.describe(m, settings.serverUri()) : e.getMessage();
                LOG.log(attempt == 1 ? Level.INFO : Level.DEBUG, "device {0}: reconnect attempt {1} failed: {2}", id, attempt, why);
                reconnects.retry(attempt);
                return;
            }
        }
        connectedEvent(reconnect);
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;
        /** Set once the session is set up; a loss before that is the connect attempt's to report. */
        final AtomicBoolean established = new AtomicBoolean();

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
            callbacks.put(owner, this);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // set-up happens in connectOnce(), off this thread
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (connection.get() == ConnectionState.CLOSED || !established.compareAndSet(true, false)) {
                return; // a failed attempt, our own close, or reported already: nothing to repair
            }
            String reason = response.getException() != null ? response.getException().getMessage()
                    : "disconnected by the broker (reason " + response.getReturnCode() + ")";
            threads.onLifecycle(() -> connectionLost(owner, reason));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            threads.onCommands(() -> inbound.handle(topic, message));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.WARNING, "device {0}: MQTT error: {1}", id, exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // completion is tracked per publish
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
