package dev.hearth.hub.commands;

import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.CommandSink;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends commands to devices and pairs their replies with the request through MQTT 5
 * correlation data. Each request ends exactly once: with the device's reply, or with no reply
 * (unknown device, not delivered, timed out).
 */
public final class CommandDispatcher implements CommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandPublisher publisher;
    private final Predicate<String> knownDevice;
    private final ScheduledExecutorService timeouts;
    private final Map<ByteBuffer, Pending> pending = new ConcurrentHashMap<>();
    private final Observer observer;

    public CommandDispatcher(CommandPublisher publisher, Predicate<String> knownDevice, ScheduledExecutorService timeouts,
                             Observer observer) {
        this.publisher = publisher;
        this.knownDevice = knownDevice;
        this.timeouts = timeouts;
        this.observer = observer;
    }

    /** Told how each sent command ended and how long it took (metrics). */
    @FunctionalInterface
    public interface Observer {
        void completed(CommandRequest request, CommandResult result, Duration latency);
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
        pending.put(key, new Pending(request.deviceId(), result));
        ScheduledFuture<?> timeout = timeouts.schedule(() -> result.complete(new CommandResult.NoReply(
                        "no reply from " + request.deviceId() + " within " + request.timeout().toMillis() + " ms")),
                request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        // callers hear of the end after the observer: what they read next (recent commands) includes it
        CompletableFuture<CommandResult> observed = result.whenComplete((outcome, error) -> {
            pending.remove(key);
            timeout.cancel(false);
            observer.completed(request, outcome, Duration.ofNanos(System.nanoTime() - sentAt));
        });
        publisher.publish(Topics.command(request.deviceId(), request.command()), WireJson.toBytes(request.args()),
                        Topics.replies(request.deviceId()), correlation)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        result.complete(new CommandResult.NoReply("not delivered: " + error.getMessage()));
                    }
                });
        try (MDC.MDCCloseable device = MDC.putCloseable("device", request.deviceId());
             MDC.MDCCloseable rule = MDC.putCloseable("rule", request.ruleId())) {
            LOG.info("command {}.{} sent (rule {})", request.deviceId(), request.command(), request.ruleId());
        }
        return observed;
    }

    /** A reply read from {@code devices/{id}/replies}; replies nobody waits for are logged and dropped. */
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
                Optional.ofNullable(reply.result()).filter(result -> !result.isNull()), Optional.ofNullable(reply.error())));
    }

    public int pendingCount() {
        return pending.size();
    }

    private static byte[] newCorrelationId() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private record Pending(String deviceId, CompletableFuture<CommandResult> result) {
    }
}
