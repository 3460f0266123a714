package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.BufferStats;
import dev.hearth.device.ConnectionEvent;
import dev.hearth.device.ConnectionListener;
import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceException;
import dev.hearth.device.internal.buffer.BufferedMessage;
import dev.hearth.device.internal.buffer.Forwarder;
import dev.hearth.device.internal.buffer.SegmentLog;
import dev.hearth.wire.Availability;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import dev.hearth.wire.WireProperties;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * {@link HearthDevice} over Paho's MQTT 5 async client. Paho calls back on a single thread that
 * must not block (publishing from it can deadlock), so everything that waits runs on this
 * device's own threads: command handling on {@code commands}; connecting, reconnecting and
 * listener calls on {@code lifecycle}; draining the store-and-forward buffer on the forwarder's.
 *
 * <p>Reconnecting is ours, not Paho's: Paho's automatic reconnect has no jitter, and it would
 * resend its own in-flight QoS 1 messages on top of what the forwarder resends. Every connection
 * therefore gets a fresh Paho client (empty in-memory state); the broker-side session (clean
 * start off, an expiry set) keeps the subscriptions and the commands queued meanwhile.
 */
public final class PahoHearthDevice implements HearthDevice {
    private static final System.Logger LOG = System.getLogger(PahoHearthDevice.class.getName());
    private static final int QOS_AT_LEAST_ONCE = 1;
    private static final int QOS_AT_MOST_ONCE = 0;
    private static final long CLOSE_TIMEOUT_MS = 5_000;
    /** Buffered messages awaiting PUBACK; below HiveMQ's receive maximum of 10, with room for replies. */
    private static final int FORWARD_WINDOW = InFlightLimit.MAX_IN_FLIGHT;

    private final DeviceSettings settings;
    private final String id;
    private final MqttConnectionOptions options;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final ReportedState state;
    private final Inbound inbound;
    private final InFlightLimit inFlight = new InFlightLimit();
    private final Backoff backoff;
    private final Optional<Forwarder> forwarder;
    private final ExecutorService commands;
    private final ScheduledThreadPoolExecutor lifecycle;
    private final Object connectLock = new Object();
    /** Each Paho client's callback, to mark its connection established once set up. */
    private final Map<MqttAsyncClient, Callback> callbacks = new ConcurrentHashMap<>();
    private volatile MqttAsyncClient client;
    private volatile boolean clientUsed;
    private volatile boolean closed;
    private volatile boolean everConnected;
    private volatile boolean reconnecting;

    public PahoHearthDevice(DeviceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.id = settings.deviceId();
        this.state = new ReportedState(settings.initialState());
        this.inbound = new Inbound(id, new CommandDispatcher(settings.handlers()), settings.desiredStateHandler(),
                (topic, payload, props) -> publishQuietly(client, topic, payload, QOS_AT_LEAST_ONCE, false, props) != null);
        this.backoff = new Backoff(settings.minReconnectDelay(), settings.maxReconnectDelay(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.client = newClient(); // checks the URI now rather than at connect
        this.options = ConnectionOptions.of(settings, sockets);
        this.forwarder = settings.buffer().map(b -> {
            try {
                return new Forwarder(SegmentLog.open(b.directory(), b.maxBytes(), b.policy()), FORWARD_WINDOW,
                        "hearth-device-" + id + "-forwarder");
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new HearthDeviceException("device " + id + ": " + e.getMessage(), e);
            }
        });
        this.commands = Executors.newSingleThreadExecutor(daemon("hearth-device-" + id + "-commands"));
        this.lifecycle = new ScheduledThreadPoolExecutor(1, daemon("hearth-device-" + id + "-lifecycle"));
        lifecycle.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
        synchronized (connectLock) {
            if (closed) {
                throw new HearthDeviceException("device " + id + " is closed");
            }
            if (client.isConnected()) {
                return;
            }
            try {
                connectOnce();
            } catch (MqttException e) {
                throw new HearthDeviceException(describe(e), e);
            }
        }
        connectedEvent();
    }

    @Override
    public void connectInBackground() {
        synchronized (connectLock) {
            if (closed) {
                throw new HearthDeviceException("device " + id + " is closed");
            }
            if (client.isConnected() || reconnecting) {
                return;
            }
            reconnecting = true;
        }
        runOn(lifecycle, () -> attemptReconnect(1));
    }

    /** One attempt, on a fresh client; the caller holds {@code connectLock}. */
    private void connectOnce() throws MqttException {
        MqttAsyncClient fresh = freshClient();
        try {
            fresh.connect(options).waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
        } catch (MqttException e) {
            abandon(fresh);
            throw e;
        }
        try {
            setUpSession(fresh);
        } catch (MqttException e) {
            abandon(fresh);
            throw new MqttException(e.getReasonCode(), new IllegalStateException("connected to " + settings.serverUri()
                    + " but could not set up device " + id + ": " + e.getMessage(), e));
        }
        Callback callback = callbacks.get(fresh);
        callback.established.set(true);
        forwarder.ifPresent(f -> f.connected(link(fresh)));
        if (!fresh.isConnected() && callback.established.compareAndSet(true, false)) {
            // Lost between set-up and now, while the callback still ignored losses: repair it here.
            runOn(lifecycle, () -> connectionLost(fresh, "connection lost right after set-up"));
        }
    }

    private MqttAsyncClient freshClient() {
        if (!clientUsed) {
            clientUsed = true;
            return client;
        }
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

    private String describe(MqttException e) {
        if (e.getCause() instanceof IllegalStateException setUp && setUp.getMessage() != null
                && setUp.getMessage().startsWith("connected to ")) {
            return setUp.getMessage();
        }
        return ConnectFailures.describe(e, settings.serverUri());
    }

    /** Subscribe first, so no command is missed; {@code online} last, once the device is ready. */
    private void setUpSession(MqttAsyncClient c) throws MqttException {
        long timeout = settings.connectTimeout().toMillis();
        MqttSubscription[] subscriptions = settings.desiredStateHandler().isPresent()
                ? new MqttSubscription[] {new MqttSubscription(Topics.commandsFilter(id), QOS_AT_LEAST_ONCE),
                        new MqttSubscription(Topics.desired(id), QOS_AT_LEAST_ONCE)}
                : new MqttSubscription[] {new MqttSubscription(Topics.commandsFilter(id), QOS_AT_LEAST_ONCE)};
        IMqttToken subscribed = c.subscribe(subscriptions);
        subscribed.waitForCompletion(timeout);
        int[] codes = subscribed.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length && i < subscriptions.length; i++) {
            if (codes[i] >= 0x80) {
                throw new MqttException(codes[i], new IllegalStateException("subscription to " + subscriptions[i].getTopic()
                        + " refused (reason " + codes[i] + ")"));
            }
        }
        if (settings.meta().isPresent()) {
            publish(c, Topics.meta(id), settings.meta().get().toBytes(), QOS_AT_LEAST_ONCE, true, null).waitForCompletion(timeout);
        }
        if (forwarder.isPresent()) {
            // Behind whatever is buffered, so the retained state ends up the newest one.
            state.current(full -> {
                if (!full.isEmpty()) {
                    forwarder.get().offer(Topics.state(id), true, WireJson.toBytes(full));
                }
            });
        } else {
            IMqttToken[] stateToken = new IMqttToken[1];
            state.current(full -> {
                if (!full.isEmpty()) {
                    stateToken[0] = publishQuietly(c, Topics.state(id), WireJson.toBytes(full), QOS_AT_LEAST_ONCE, true, null);
                }
            });
            if (stateToken[0] != null) {
                stateToken[0].waitForCompletion(timeout);
            }
        }
        publish(c, Topics.status(id), Availability.ONLINE.wire().getBytes(StandardCharsets.UTF_8), QOS_AT_LEAST_ONCE, true, null)
                .waitForCompletion(timeout);
    }

    /** How the forwarder publishes on connection {@code c}: QoS 1, the sequence number as a user property. */
    private Forwarder.Link link(MqttAsyncClient c) {
        return (BufferedMessage message, Consumer<Forwarder.Outcome> outcome) -> {
            MqttProperties props = new MqttProperties();
            props.setUserProperties(List.of(new UserProperty(WireProperties.BUFFER_SEQUENCE, Long.toString(message.seq()))));
            MqttMessage mqtt = new MqttMessage(message.payload(), QOS_AT_LEAST_ONCE, message.retained(), props);
            inFlight.publish(c, message.topic(), mqtt, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    outcome.accept(codes != null && codes.length > 0 && codes[0] >= 0x80 ? Forwarder.Outcome.REFUSED
                            : Forwarder.Outcome.DELIVERED);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    boolean refusedByBroker = exception instanceof MqttException e && e.getReasonCode() >= 0x80
                            && e.getReasonCode() <= 0xFF && c.isConnected();
                    outcome.accept(refusedByBroker ? Forwarder.Outcome.REFUSED : Forwarder.Outcome.LOST);
                }
            });
        };
    }

    @Override
    public void reportState(ObjectNode partial) {
        Objects.requireNonNull(partial, "partial");
        state.merge(partial, full -> {
            if (forwarder.isPresent()) {
                forwarder.get().offer(Topics.state(id), true, WireJson.toBytes(full));
            } else if (client.isConnected()) {
                publishQuietly(client, Topics.state(id), WireJson.toBytes(full), QOS_AT_LEAST_ONCE, true, null);
            } // else: the whole state goes out with the next connect
        });
    }

    @Override
    public void reportState(Map<String, ?> partial) {
        reportState((ObjectNode) WireJson.mapper().valueToTree(Objects.requireNonNull(partial, "partial")));
    }

    @Override
    public boolean sendTelemetry(ObjectNode measurements) {
        Objects.requireNonNull(measurements, "measurements");
        if (forwarder.isPresent()) {
            // Stamped now: a buffered measurement may reach the hub hours later.
            ObjectNode stamped = measurements.has("ts") ? measurements : measurements.deepCopy().put("ts", System.currentTimeMillis());
            return forwarder.get().offer(Topics.telemetry(id), false, WireJson.toBytes(stamped));
        }
        MqttAsyncClient c = client;
        return c.isConnected()
                && publishQuietly(c, Topics.telemetry(id), WireJson.toBytes(measurements), QOS_AT_MOST_ONCE, false, null) != null;
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
        return !closed && client.isConnected();
    }

    @Override
    public BufferStats bufferStats() {
        return forwarder.map(Forwarder::stats).orElse(BufferStats.NONE);
    }

    @Override
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        commands.shutdown();
        awaitQuietly(commands); // let a running handler's reply go out first
        MqttAsyncClient c = client;
        if (c.isConnected()) {
            forwarder.ifPresent(f -> f.awaitDrained(Duration.ofMillis(CLOSE_TIMEOUT_MS)));
        }
        try {
            if (c.isConnected()) {
                publish(c, Topics.status(id), Availability.OFFLINE.wire().getBytes(StandardCharsets.UTF_8), QOS_AT_LEAST_ONCE, true, null)
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
        lifecycle.shutdown();
        awaitQuietly(lifecycle);
    }

    /** Drops the TCP connection without a DISCONNECT, as a power cut would: the broker sends the will. */
    void severConnection() {
        sockets.closeLastSocket();
    }

    private IMqttToken publish(MqttAsyncClient c, String topic, byte[] payload, int qos, boolean retained, MqttProperties props)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload, qos, retained, props);
        return inFlight.publish(c, topic, message);
    }

    /** Publishes, logging instead of throwing; null when the message was not handed to the client. */
    private IMqttToken publishQuietly(MqttAsyncClient c, String topic, byte[] payload, int qos, boolean retained,
            MqttProperties props) {
        try {
            return publish(c, topic, payload, qos, retained, props);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "device {0}: publish on {1} failed: {2}", id, topic, e.getMessage());
            return null;
        }
    }

    private void connectedEvent() {
        boolean reconnect = everConnected;
        everConnected = true;
        emit(new ConnectionEvent.Connected(id, reconnect));
    }

    private void emit(ConnectionEvent event) {
        for (ConnectionListener listener : settings.listeners()) {
            runOn(lifecycle, () -> {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "device " + id + ": connection listener failed", e);
                }
            });
        }
    }

    private void connectionLost(MqttAsyncClient lost, String reason) {
        boolean startReconnecting;
        synchronized (connectLock) {
            if (lost != client) {
                return; // a newer connection replaced it meanwhile
            }
            inFlight.reset(); // acknowledgements of the old connection will never come
            forwarder.ifPresent(Forwarder::disconnected);
            startReconnecting = !closed && !reconnecting;
            reconnecting |= startReconnecting;
        }
        LOG.log(Level.INFO, "device {0}: connection lost: {1}", id, reason);
        emit(new ConnectionEvent.ConnectionLost(id, reason));
        if (startReconnecting) {
            scheduleReconnect(1);
        }
    }

    private void scheduleReconnect(int attempt) {
        Duration delay = backoff.delay(attempt);
        try {
            lifecycle.schedule(() -> attemptReconnect(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Runs on {@code lifecycle}; on failure schedules the next attempt, further apart. */
    private void attemptReconnect(int attempt) {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            if (client.isConnected()) {
                reconnecting = false;
                return;
            }
            try {
                connectOnce();
                reconnecting = false;
            } catch (MqttException e) {
                LOG.log(attempt == 1 ? Level.INFO : Level.DEBUG, "device {0}: reconnect attempt {1} failed: {2}", id, attempt,
                        describe(e));
                scheduleReconnect(attempt + 1);
                return;
            }
        }
        connectedEvent();
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
            if (closed || !established.compareAndSet(true, false)) {
                return; // a failed attempt, our own close, or reported already: nothing to repair
            }
            String reason = response.getException() != null ? response.getException().getMessage()
                    : "disconnected by the broker (reason " + response.getReturnCode() + ")";
            runOn(lifecycle, () -> connectionLost(owner, reason));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            runOn(commands, () -> inbound.handle(topic, message));
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

    private void runOn(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "device {0} is closing; dropped a callback", id);
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
