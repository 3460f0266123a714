package dev.hearth.hub.bridges;

import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.broker.NativeOutcome;
import dev.hearth.hub.broker.TopicFilters;
import dev.hearth.hub.config.BridgeSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
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
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hearth as an MQTT 5 client of one broker the user runs: it subscribes to the native trees of the devices
 * configured behind it and hands each message to the hub as the embedded broker hands a native login's publish;
 * commands for those devices go out through it, QoS 1, never retained.
 *
 * <pre>
 *   WAITING --attempt--> CONNECTING --CONNACK ok--> UP --connection lost--> WAITING (backoff, jitter)
 *                            |                                                 ^
 *                            +--refused / unreachable-------------------------+
 *   any --close()--> CLOSED
 * </pre>
 *
 * Each attempt is a new Paho client with nothing remembered in memory (so a command is queued here, once, never
 * also in Paho); the broker keeps the session ({@code cleanStart=false}), and the subscriptions are made again on
 * every connection anyway, so that a broker that lost the session (restarted without persistence) still sends
 * everything. While the link is down, commands wait in a bounded queue and the devices behind it are offline.
 */
public final class BrokerLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);
    /** How long the broker keeps Hearth's session (and queues its QoS 1 messages) while the hub is away. */
    private static final long SESSION_EXPIRY_SECONDS = 24 * 3600;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int KEEP_ALIVE_SECONDS = 30;

    enum State { WAITING, CONNECTING, UP, CLOSED }

    private final BridgeSettings settings;
    /** Login → its native access; the first whose publish filters match a topic reads it. */
    private final Map<String, NativeAccess> logins;
    private final LinkTraffic traffic;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Backoff backoff;
    private final DoubleSupplier random;
    private final Optional<SSLSocketFactory> tls;
    private final CommandQueue queue;

    private State state = State.WAITING;
    private MqttAsyncClient client;
    /** Increases with each attempt: callbacks of an earlier client are ignored. */
    private long generation;
    private int failuresInARow;
    private boolean everUp;
    private long reconnects;
    private long connectFailures;
    private Optional<String> problem = Optional.of("not connected yet");
    private Optional<CommandQueue.Queued> inFlight = Optional.empty();
    private ScheduledFuture<?> nextAttempt;
    /** Held while the hub is told the link came or went: one announcement at a time, in order. */
    private final Object announcing = new Object();

    BrokerLink(BridgeSettings settings, Map<String, NativeAccess> logins, LinkTraffic traffic, ScheduledExecutorService scheduler,
               Clock clock, Backoff backoff, DoubleSupplier random, int queueCapacity) {
        this.settings = settings;
        this.logins = new LinkedHashMap<>(logins);
        this.traffic = traffic;
        this.scheduler = scheduler;
        this.clock = clock;
        this.backoff = backoff;
        this.random = random;
        this.tls = LinkTls.socketFactory(settings);
        this.queue = new CommandQueue(queueCapacity);
    }

    public String id() {
        return settings.id();
    }

    /** The devices behind it start offline; the first attempt is at once. */
    synchronized void start() {
        Instant now = clock.instant();
        logins.keySet().forEach(login -> traffic.linkChanged(login, false, now));
        nextAttempt = scheduler.schedule(this::attempt, 0, TimeUnit.MILLISECONDS);
    }

    private synchronized void attempt() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTING;
        long attempt = ++generation;
        try {
            client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
            client.setCallback(new Callback(attempt));
            client.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connected(attempt);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    lost(attempt, failure);
                }
            });
        } catch (MqttException | RuntimeException e) {
            lost(attempt, e);
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        options.setAutomaticReconnect(false); // ours: with jitter, bounded, and a fresh client each time
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        settings.username().ifPresent(options::setUserName);
        settings.resolvePassword().ifPresent(password -> options.setPassword(password.getBytes(StandardCharsets.UTF_8)));
        tls.ifPresent(factory -> {
            options.setSocketFactory(factory);
            options.setHttpsHostnameVerificationEnabled(true);
        });
        return options;
    }

    private void connected(long attempt) {
        synchronized (this) {
            if (attempt != generation || state == State.CLOSED) {
                return;
            }
            state = State.UP;
            failuresInARow = 0;
            if (everUp) {
                reconnects++;
            }
            everUp = true;
            problem = Optional.empty();
        }
        LOG.info("bridge {}: connected to {} as {}", settings.id(), settings.url(), settings.clientId());
        // before the subscriptions' retained messages, which then say what is really there (bridge/state, LWT)
        announce(attempt, true);
        synchronized (this) {
            if (attempt == generation && state == State.UP) {
                subscribe(attempt);
                send();
            }
        }
    }

    /**
     * Tells the hub that the link came or went, outside the link's lock (the hub's listeners may send commands,
     * which take it), one announcement at a time, and only while it is still true: a loss that overtook the
     * news of the connection is the last word.
     */
    private void announce(long attempt, boolean up) {
        synchronized (announcing) {
            synchronized (this) {
                if (attempt != generation || (state == State.UP) != up) {
                    return;
                }
            }
            Instant now = clock.instant();
            logins.keySet().forEach(login -> traffic.linkChanged(login, up, now));
        }
    }

    private void subscribe(long attempt) {
        List<MqttSubscription> filters = logins.values().stream().flatMap(access -> access.publish().stream()).distinct()
                .map(filter -> {
                    MqttSubscription subscription = new MqttSubscription(filter, 1);
                    subscription.setNoLocal(true); // not our own commands back (zigbee2mqtt/# holds .../set)
                    return subscription;
                }).toList();
        try {
            client.subscribe(filters.toArray(MqttSubscription[]::new), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
                        if (codes[i] >= 0x80) {
                            refusedSubscription(attempt, filters.get(i).getTopic(), codes[i]);
                        }
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    int[] codes = token == null ? null : token.getReasonCodes();
                    refusedSubscription(attempt, filters.toString(), codes == null || codes.length == 0 ? -1 : codes[0]);
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            scheduler.execute(() -> lost(attempt, e)); // not under the lock: the hub is told of it
        }
    }

    private synchronized void refusedSubscription(long attempt, String filter, int code) {
        if (attempt != generation) {
            return;
        }
        problem = Optional.of("the broker refused the subscription to " + filter + " (reason " + code + ")");
        LOG.warn("bridge {}: {} refused the subscription to {} (reason code {}): its user may not read that tree"
                + " (Mosquitto: acl_file)", settings.id(), settings.url(), filter, code);
    }

    /** The connection failed or was lost: the devices behind it go offline, and the next attempt is scheduled. */
    private void lost(long attempt, Throwable cause) {
        boolean wasUp;
        synchronized (this) {
            if (attempt != generation || state == State.CLOSED || state == State.WAITING) {
                return; // an earlier client's, or told twice (the publish failed and the connection was lost)
            }
            wasUp = state == State.UP;
            state = State.WAITING;
            inFlight.ifPresent(command -> queue.retry(command).ifPresent(dropped -> dropped.sent()
                    .completeExceptionally(new IllegalStateException("dropped: bridge " + settings.id() + "'s queue is full"))));
            inFlight = Optional.empty();
            MqttAsyncClient failed = client;
            client = null;
            scheduler.execute(() -> closeQuietly(failed)); // not on Paho's own thread, which closing would wait for
            Duration wait = backoff.delay(failuresInARow, random);
            failuresInARow++;
            if (!wasUp) {
                connectFailures++;
            }
            String why = describe(cause);
            if (!problem.equals(Optional.of(why)) || wasUp) {
                LOG.warn("bridge {}: {} {}: {}; next attempt in {} ms", settings.id(), settings.url(),
                        wasUp ? "lost the connection" : "cannot connect", why, wait.toMillis());
            } else {
                LOG.debug("bridge {}: still {}; next attempt in {} ms", settings.id(), why, wait.toMillis());
            }
            problem = Optional.of(why);
            nextAttempt = scheduler.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (wasUp) {
            announce(attempt, false);
        }
    }

    /** What went wrong, in words a user can act on; never the password. */
    static String describe(Throwable cause) {
        if (cause instanceof MqttException mqtt) {
            switch (mqtt.getReasonCode()) {
                case MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD:
                    return "refused the login: bad user name or password (bridges[].username and password)";
                case MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED:
                    return "refused the login: not authorized (user name, password or client certificate)";
                case MqttReturnCode.RETURN_CODE_UNSUPPORTED_PROTOCOL_VERSION:
                    return "the broker does not speak MQTT 5 (Mosquitto does from 1.6)";
                case MqttReturnCode.RETURN_CODE_IDENTIFIER_NOT_VALID:
                    return "refused the client id (bridges[].client-id)";
                default:
                    break;
            }
        }
        for (Throwable at = cause; at != null; at = at.getCause()) {
            if (at instanceof SSLException tlsFailure) {
                return "TLS failed: " + tlsFailure.getMessage() + " (is the broker's certificate signed by ca-file, and for its host name?)";
            }
            if (at instanceof java.net.ConnectException || at instanceof java.net.UnknownHostException) {
                return "unreachable: " + at.getMessage();
            }
        }
        String message = cause.getMessage();
        Throwable inner = cause.getCause();
        return (message == null ? cause.getClass().getSimpleName() : message) + (inner == null || inner.getMessage() == null
                ? "" : ": " + inner.getMessage());
    }

    /**
     * A native command for a device behind this broker: sent now when the link is up, else queued; {@code timeout}
     * is how long it is worth sending. The future completes once the broker has it.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, Duration timeout) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.failedFuture(new IllegalStateException("the hub is stopping"));
            }
            queue.add(new CommandQueue.Queued(topic, payload.clone(), clock.instant().plus(timeout), sent))
                    .ifPresent(dropped -> dropped.sent().completeExceptionally(new IllegalStateException(
                            "dropped: bridge " + settings.id() + " was away for more commands than its queue holds")));
            if (state != State.UP) {
                LOG.info("bridge {}: {} queued until {} is back ({} waiting)", settings.id(), topic, settings.url(), queue.size());
            }
            send();
        }
        return sent;
    }

    /** The next queued command, one at a time, in order (the broker's receive maximum never matters). */
    private synchronized void send() {
        if (state != State.UP || inFlight.isPresent()) {
            return;
        }
        Instant now = clock.instant();
        queue.expired(now).forEach(command -> command.sent().completeExceptionally(new IllegalStateException(
                "dropped: bridge " + settings.id() + " was away longer than the command's timeout")));
        Optional<CommandQueue.Queued> next = queue.poll();
        if (next.isEmpty()) {
            return;
        }
        CommandQueue.Queued command = next.get();
        inFlight = next;
        long attempt = generation;
        try {
            // never retained: a retained command switches the device again each time it reconnects
            client.publish(command.topic(), command.payload(), 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    delivered(attempt, command);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    lost(attempt, failure);
                }
            });
        } catch (MqttException e) {
            scheduler.execute(() -> lost(attempt, e)); // not under the lock: the hub is told of it
        }
    }

    private void delivered(long attempt, CommandQueue.Queued command) {
        synchronized (this) {
            if (attempt != generation || inFlight.orElse(null) != command) {
                return;
            }
            inFlight = Optional.empty();
        }
        command.sent().complete(null);
        send();
    }

    /** A message of the broker: read by the login whose tree it is in, as its publish on Hearth's broker would be. */
    private void take(String topic, byte[] payload) {
        Optional<String> login = logins.entrySet().stream()
                .filter(entry -> entry.getValue().publish().stream().anyMatch(filter -> TopicFilters.matches(filter, topic)))
                .map(Map.Entry::getKey).findFirst();
        if (login.isEmpty()) {
            return; // an old subscription of the session the broker kept, for a device no longer configured
        }
        try (MDC.MDCCloseable logDevice = MDC.putCloseable("device", login.get())) {
            NativeOutcome outcome = traffic.take(login.get(), topic, payload, clock.instant());
            if (outcome instanceof NativeOutcome.Taken taken) {
                traffic.store(taken.writes());
            } else if (outcome instanceof NativeOutcome.Refused refused) {
                LOG.warn("rejected payload from {} on topic {} (bridge {}, {}): {}", login.get(), topic, settings.id(),
                        refused.reason(), refused.message());
                traffic.onRejected(login.get(), topic, refused.reason());
            }
        } catch (RuntimeException e) {
            // the hub's own fault: never on Paho's thread, which would drop the link
            LOG.error("failed to handle message of {} on topic {} (bridge {})", login.get(), topic, settings.id(), e);
        }
    }

    /** Empty while up and reading all it should; else why not (down, or a subscription refused), for /health. */
    public synchronized Optional<String> problem() {
        return problem;
    }

    public synchronized boolean isUp() {
        return state == State.UP;
    }

    public synchronized long reconnects() {
        return reconnects;
    }

    public synchronized long connectFailures() {
        return connectFailures;
    }

    public synchronized int queued() {
        return queue.size();
    }

    public synchronized long droppedQueueFull() {
        return queue.droppedFull();
    }

    public synchronized long droppedExpired() {
        return queue.droppedExpired();
    }

    @Override
    public void close() {
        MqttAsyncClient last;
        List<CommandQueue.Queued> left;
        synchronized (this) {
            state = State.CLOSED;
            if (nextAttempt != null) {
                nextAttempt.cancel(false);
            }
            last = client;
            client = null;
            left = queue.drain();
            inFlight.ifPresent(left::add);
            inFlight = Optional.empty();
        }
        left.forEach(command -> command.sent().completeExceptionally(new IllegalStateException("the hub is stopping")));
        if (last != null) {
            try {
                if (last.isConnected()) {
                    last.disconnect(1_000).waitForCompletion(2_000);
                }
            } catch (MqttException e) {
                // going anyway
            }
            closeQuietly(last);
        }
    }

    private static void closeQuietly(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000, false);
            }
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // already gone
        }
    }

    /** Paho's callbacks for one attempt's client, on its "MQTT Call" thread. */
    private final class Callback implements MqttCallback {
        private final long attempt;

        Callback(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            lost(attempt, response.getException() != null ? response.getException()
                    : new IllegalStateException("disconnected by the broker (reason " + response.getReturnCode()
                    + (response.getReasonString() == null ? "" : ", " + response.getReasonString()) + ")"));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("bridge {}: MQTT error: {}", settings.id(), exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            take(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
