package dev.hearth.hub.commands;

import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.CommandSink;
import dev.hearth.wire.CommandReply;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Sends commands to devices and pairs their replies with the request through MQTT 5
 * correlation data. Each request ends exactly once: with the device's reply, or with no reply
 * (unknown device, not delivered, timed out).
 *
 * <p>A command for a device that is not connected and subscribed to its commands waits for it,
 * within the command's timeout, and goes out when it is: a sleepy device, or any device just after the hub started (when timers
 * missed while it was down fire before a device is back), would otherwise miss it, since a device
 * that keeps no session has nothing queued for it in the broker.
 */
public final class CommandDispatcher implements CommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandRoute route;
    private final Predicate<String> knownDevice;
    private final Predicate<String> listening;
    private final Function<String, String> away;
    private final ScheduledExecutorService timeouts;
    private final Map<ByteBuffer, Pending> pending = new ConcurrentHashMap<>();
    /** Commands waiting for their device to connect, in the order they were sent; guarded by itself. */
    private final Map<String, List<Runnable>> awaitingDevice = new HashMap<>();
    private final Observer observer;

    /** {@code listening}: whether the device is connected and subscribed to its commands. */
    public CommandDispatcher(CommandPublisher publisher, Predicate<String> knownDevice, Predicate<String> listening,
                             ScheduledExecutorService timeouts, Observer observer) {
        this(CommandRoute.wire(publisher), knownDevice, listening, timeouts, observer);
    }

    /** {@code route}: the wire contract's, or one that also knows the devices adapters speak for. */
    public CommandDispatcher(CommandRoute route, Predicate<String> knownDevice, Predicate<String> listening,
                             ScheduledExecutorService timeouts, Observer observer) {
        this(route, knownDevice, listening, CommandDispatcher::notConnected, timeouts, observer);
    }

    /**
     * {@code away}: why a device that is not {@code listening} does not take its commands, as the start of the
     * sentence a command that waited for it in vain ends with ("... within 5000 ms"): a device behind a bridge may be
     * asleep while its bridge listens.
     */
    public CommandDispatcher(CommandRoute route, Predicate<String> knownDevice, Predicate<String> listening,
                             Function<String, String> away, ScheduledExecutorService timeouts, Observer observer) {
        this.route = route;
        this.knownDevice = knownDevice;
        this.listening = listening;
        this.away = away;
        this.timeouts = timeouts;
        this.observer = observer;
    }

    /** Told how each sent command ended and how long it took (metrics). */
    @FunctionalInterface
    public interface Observer {
        void completed(CommandRequest request, CommandResult result, Duration latency);
    }

    /** Whether commands for the device can be sent at all (else they end at once: unknown device). */
    public boolean knows(String deviceId) {
        return knownDevice.test(deviceId);
    }

    @Override
    public CompletionStage<CommandResult> send(CommandRequest request) {
        if (!knownDevice.test(request.deviceId())) {
            return CompletableFuture.completedFuture(new CommandResult.NoReply("unknown device '" + request.deviceId() + "'"));
        }
        byte[] correlation = newCorrelationId();
        ByteBuffer key = ByteBuffer.wrap(correlation);
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        long sentAt = System.nanoTime();
        Pending waiting = new Pending(request.deviceId(), result);
        pending.put(key, waiting);
        ScheduledFuture<?> timeout = timeouts.schedule(() -> result.complete(new CommandResult.NoReply(waiting.published()
                        ? "no reply from " + request.deviceId() + " within " + request.timeout().toMillis() + " ms"
                        : away.apply(request.deviceId()) + " within " + request.timeout().toMillis() + " ms")),
                request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Runnable publish = () -> {
            if (result.isDone()) {
                return; // timed out while the device was away
            }
            waiting.published = true;
            route.send(request, correlation)
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            result.complete(new CommandResult.NoReply("not delivered: " + error.getMessage()));
                        }
                    });
            log(Level.DEBUG, request, "sent");
        };
        Runnable publishWhenConnected = () -> {
            waiting.waitedToDeliver = Duration.ofNanos(System.nanoTime() - sentAt);
            publish.run();
        };
        // callers hear of the end after the observer: what they read next (recent commands) includes it
        CompletableFuture<CommandResult> observed = result.whenComplete((outcome, error) -> {
            pending.remove(key);
            timeout.cancel(false);
            stopAwaiting(request.deviceId(), publishWhenConnected);
            observer.completed(request, outcome, Duration.ofNanos(System.nanoTime() - sentAt));
        });
        synchronized (awaitingDevice) {
            if (!listening.test(request.deviceId())) {
                awaitingDevice.computeIfAbsent(request.deviceId(), id -> new ArrayList<>()).add(publishWhenConnected);
                log(Level.INFO, request, "waits for the device to connect and subscribe");
                return observed;
            }
        }
        publish.run();
        return observed;
    }

    private void stopAwaiting(String deviceId, Runnable publish) {
        synchronized (awaitingDevice) {
            List<Runnable> waiting = awaitingDevice.get(deviceId);
            if (waiting != null && waiting.remove(publish) && waiting.isEmpty()) {
                awaitingDevice.remove(deviceId);
            }
        }
    }

    /** Why a Hearth device does not take its commands yet. */
    public static String notConnected(String deviceId) {
        return deviceId + " did not connect (and subscribe to its commands)";
    }

    /**
     * The device said it is there again (a sleepy device behind a bridge woke up): those waiting for it go out, in
     * order, if it now takes commands.
     */
    public void onReachable(String deviceId) {
        if (listening.test(deviceId)) {
            onListening(deviceId);
        }
    }

    /** The device connected and subscribed to its commands: those waiting for it go out, in order. */
    public void onListening(String deviceId) {
        List<Runnable> waiting;
        synchronized (awaitingDevice) {
            waiting = awaitingDevice.remove(deviceId);
        }
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    /**
     * A command sent is logged at DEBUG: the rule's run is logged once at INFO with what it did and
     * kept in its trace, so a line per command would only double the log at thousands a second.
     */
    private static void log(Level level, CommandRequest request, String what) {
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        try (MDC.MDCCloseable device = MDC.putCloseable("device", request.deviceId());
             MDC.MDCCloseable rule = MDC.putCloseable("rule", request.ruleId())) {
            LOG.atLevel(level).log("command {}.{} {} (rule {})", request.deviceId(), request.command(), what, request.ruleId());
        }
    }

    /**
     * A reply read from {@code devices/{id}/replies}, or a native device's confirmation (adapters);
     * replies nobody waits for are logged and dropped.
     */
    public void onReply(String deviceId, Optional<byte[]> correlationData, CommandReply reply) {
        if (correlationData.isEmpty()) {
            LOG.warn("reply from {} without correlation data: ignored", deviceId);
            return;
        }
        Pending waiting = pending.get(ByteBuffer.wrap(correlationData.get()));
        if (waiting == null || !waiting.deviceId().equals(deviceId)) {
            LOG.warn("reply from {} matches no pending command (late, or not its own): ignored", deviceId);
            return;
        }
        waiting.result().complete(new CommandResult.Replied(reply.ok(),
                Optional.ofNullable(reply.result()).filter(result -> !result.isNull()), Optional.ofNullable(reply.error()),
                waiting.waitedToDeliver()));
    }

    public int pendingCount() {
        return pending.size();
    }

    private static byte[] newCorrelationId() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static final class Pending {
        private final String deviceId;
        private final CompletableFuture<CommandResult> result;
        private volatile boolean published;
        /** Zero unless the command waited for its device to connect. */
        private volatile Duration waitedToDeliver = Duration.ZERO;

        Pending(String deviceId, CompletableFuture<CommandResult> result) {
            this.deviceId = deviceId;
            this.result = result;
        }

        String deviceId() {
            return deviceId;
        }

        CompletableFuture<CommandResult> result() {
            return result;
        }

        boolean published() {
            return published;
        }

        Duration waitedToDeliver() {
            return waitedToDeliver;
        }
    }
}
