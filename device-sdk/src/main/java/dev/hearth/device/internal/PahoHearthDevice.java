package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.ConnectionEvent;
import dev.hearth.device.ConnectionListener;
import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceException;
import dev.hearth.wire.Availability;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceTopic;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link HearthDevice} over Paho's MQTT 5 async client. Paho calls back on a single thread that
 * must not block (publishing from it can deadlock), so everything that waits runs on this
 * device's own threads: command handling on {@code commands}, connection set-up and listener
 * calls on {@code lifecycle}.
 */
public final class PahoHearthDevice implements HearthDevice {
    private static final System.Logger LOG = System.getLogger(PahoHearthDevice.class.getName());
    private static final int QOS_AT_LEAST_ONCE = 1;
    private static final int QOS_AT_MOST_ONCE = 0;
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final DeviceSettings settings;
    private final String id;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final ReportedState state;
    private final CommandDispatcher dispatcher;
    private final InFlightLimit inFlight = new InFlightLimit();
    private final ExecutorService commands;
    private final ExecutorService lifecycle;
    private final Object connectLock = new Object();
    private volatile boolean closed;

    public PahoHearthDevice(DeviceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.id = settings.deviceId();
        this.state = new ReportedState(settings.initialState());
        this.dispatcher = new CommandDispatcher(settings.handlers());
        try {
            this.client = new MqttAsyncClient(settings.serverUri(), id, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new HearthDeviceException("invalid server URI '" + settings.serverUri() + "': " + e.getMessage(), e);
        }
        this.options = connectionOptions();
        this.commands = Executors.newSingleThreadExecutor(daemon("hearth-device-" + id + "-commands"));
        this.lifecycle = Executors.newSingleThreadExecutor(daemon("hearth-device-" + id + "-lifecycle"));
        client.setCallback(new Callback());
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        settings.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, (int) Math.max(1, settings.maxReconnectDelay().toSeconds()));
        o.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        MqttMessage will = new MqttMessage(Availability.OFFLINE.wire().getBytes(StandardCharsets.UTF_8), QOS_AT_LEAST_ONCE, true, null);
        o.setWill(Topics.status(id), will);
        if (settings.serverUri().startsWith("tcp://")) {
            o.setSocketFactory(sockets); // ssl:// needs an SSLSocketFactory: Paho's default then
        }
        return o;
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
                IMqttToken token = client.connect(options);
                token.waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
            } catch (MqttException e) {
                abandonConnect();
                throw new HearthDeviceException(ConnectFailures.describe(e, settings.serverUri()), e);
            }
            try {
                setUpSession();
            } catch (MqttException e) {
                abandonConnect();
                throw new HearthDeviceException("connected to " + settings.serverUri() + " but could not set up device "
                        + id + ": " + e.getMessage(), e);
            }
        }
        emit(new ConnectionEvent.Connected(id, false));
    }

    private void abandonConnect() {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException ignored) {
            // not connected: nothing to undo
        }
    }

    /** Subscribe first, so no command is missed; {@code online} last, once the device is ready. */
    private void setUpSession() throws MqttException {
        long timeout = settings.connectTimeout().toMillis();
        String filter = Topics.commandsFilter(id);
        IMqttToken subscribed = client.subscribe(new MqttSubscription(filter, QOS_AT_LEAST_ONCE));
        subscribed.waitForCompletion(timeout);
        int[] codes = subscribed.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            throw new MqttException(codes[0], new IllegalStateException("subscription to " + filter + " refused (reason " + codes[0] + ")"));
        }
        if (settings.meta().isPresent()) {
            publish(Topics.meta(id), settings.meta().get().toBytes(), QOS_AT_LEAST_ONCE, true, null).waitForCompletion(timeout);
        }
        IMqttToken[] stateToken = new IMqttToken[1];
        state.current(full -> {
            if (!full.isEmpty()) {
                stateToken[0] = publishQuietly(Topics.state(id), WireJson.toBytes(full), QOS_AT_LEAST_ONCE, true, null);
            }
        });
        if (stateToken[0] != null) {
            stateToken[0].waitForCompletion(timeout);
        }
        publish(Topics.status(id), Availability.ONLINE.wire().getBytes(StandardCharsets.UTF_8), QOS_AT_LEAST_ONCE, true, null)
                .waitForCompletion(timeout);
    }

    @Override
    public void reportState(ObjectNode partial) {
        Objects.requireNonNull(partial, "partial");
        state.merge(partial, full -> {
            if (client.isConnected()) {
                publishQuietly(Topics.state(id), WireJson.toBytes(full), QOS_AT_LEAST_ONCE, true, null);
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
        return client.isConnected()
                && publishQuietly(Topics.telemetry(id), WireJson.toBytes(measurements), QOS_AT_MOST_ONCE, false, null) != null;
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
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        commands.shutdown();
        awaitQuietly(commands); // let a running handler's reply go out first
        try {
            if (client.isConnected()) {
                publish(Topics.status(id), Availability.OFFLINE.wire().getBytes(StandardCharsets.UTF_8), QOS_AT_LEAST_ONCE, true, null)
                        .waitForCompletion(CLOSE_TIMEOUT_MS);
                client.disconnect(CLOSE_TIMEOUT_MS).waitForCompletion(CLOSE_TIMEOUT_MS);
            }
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "device {0}: clean disconnect failed: {1}", id, e.getMessage());
            abandonConnect();
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "device {0}: closing the client: {1}", id, e.getMessage());
        }
        emit(new ConnectionEvent.Closed(id));
        lifecycle.shutdown();
        awaitQuietly(lifecycle);
    }

    /** Drops the TCP connection without a DISCONNECT, as a power cut would: the broker sends the will. */
    void severConnection() {
        sockets.closeLastSocket();
    }

    private void handleCommand(String topic, MqttMessage message) {
        Optional<DeviceTopic> parsed = Topics.parse(topic)
                .filter(t -> t.deviceId().equals(id) && t.kind() == TopicKind.COMMAND);
        if (parsed.isEmpty()) {
            LOG.log(Level.WARNING, "device {0}: ignoring a message on {1}", id, topic);
            return;
        }
        String name = parsed.get().commandName().orElseThrow();
        CommandReply reply = dispatcher.dispatch(name, message.getPayload());
        MqttProperties request = message.getProperties();
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        if (request != null && request.getCorrelationData() != null) {
            props.setCorrelationData(request.getCorrelationData());
        }
        String replyTopic = replyTopic(request == null ? null : request.getResponseTopic());
        if (publishQuietly(replyTopic, WireJson.toBytes(reply), QOS_AT_LEAST_ONCE, false, props) == null) {
            LOG.log(Level.WARNING, "device {0}: could not send the reply to ''{1}''", id, name);
        }
    }

    /**
     * The request's response topic if it lies in this device's own topics, else
     * {@code devices/{id}/replies}: the broker's ACL lets a device publish only under its own
     * prefix, and a refused publish would cost the device its connection.
     */
    private String replyTopic(String requested) {
        String own = Topics.deviceFilter(id);
        String prefix = own.substring(0, own.length() - 1);
        if (requested != null && requested.startsWith(prefix) && requested.length() > prefix.length()
                && !requested.contains("+") && !requested.contains("#")) {
            return requested;
        }
        if (requested != null) {
            LOG.log(Level.WARNING, "device {0}: response topic {1} is outside {2}; replying on {3}", id, requested, own,
                    Topics.replies(id));
        }
        return Topics.replies(id);
    }

    private IMqttToken publish(String topic, byte[] payload, int qos, boolean retained, MqttProperties props) throws MqttException {
        MqttMessage message = new MqttMessage(payload, qos, retained, props);
        return inFlight.publish(client, topic, message);
    }

    /** Publishes, logging instead of throwing; null when the message was not handed to the client. */
    private IMqttToken publishQuietly(String topic, byte[] payload, int qos, boolean retained, MqttProperties props) {
        try {
            return publish(topic, payload, qos, retained, props);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "device {0}: publish on {1} failed: {2}", id, topic, e.getMessage());
            return null;
        }
    }

    private void emit(ConnectionEvent event) {
        for (ConnectionListener listener : settings.listeners()) {
            try {
                lifecycle.execute(() -> {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "device " + id + ": connection listener failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void onReconnected() {
        if (closed) {
            return;
        }
        try {
            synchronized (connectLock) {
                if (closed) {
                    return;
                }
                setUpSession();
            }
            emit(new ConnectionEvent.Connected(id, true));
        } catch (MqttException e) {
            LOG.log(Level.WARNING, "device {0}: reconnected but set-up failed: {1}", id, e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) { // the first connect sets itself up in connect()
                runOn(lifecycle, PahoHearthDevice.this::onReconnected);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            inFlight.reset(); // acknowledgements of the old connection will never come
            if (!closed) {
                String reason = response.getException() != null ? response.getException().getMessage()
                        : "disconnected by the broker (reason " + response.getReturnCode() + ")";
                LOG.log(Level.INFO, "device {0}: connection lost: {1}", id, reason);
                emit(new ConnectionEvent.ConnectionLost(id, reason));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            runOn(commands, () -> handleCommand(topic, message));
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

        private void runOn(ExecutorService executor, Runnable task) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "device {0} is closing; dropped a callback", id);
            }
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
