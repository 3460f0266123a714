package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.commands.CommandRoute;
import dev.hearth.rules.CommandRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's command route: a device an adapter speaks for gets its command in its protocol's form
 * (and the adapter waits for the report that confirms it); every other device the wire contract's.
 */
public final class NativeCommandRoute implements CommandRoute {
    /**
     * Puts a native command on the broker of the login that receives it (Hearth's, or one of {@code bridges:}),
     * never retained; {@code timeout} is how long it is worth sending, for a broker that is away.
     */
    @FunctionalInterface
    public interface NativePublisher {
        CompletableFuture<Void> publish(String loginId, String topic, byte[] payload, Duration timeout);
    }

    /** Hears that a command no report confirms is done, once sent (the dispatcher takes it as the command's reply). */
    @FunctionalInterface
    public interface SentReplies {
        void done(String deviceId, byte[] correlation, JsonNode result);
    }

    private final Adapters adapters;
    private final CommandRoute wire;
    private final NativePublisher publisher;
    private final SentReplies sentReplies;

    public NativeCommandRoute(Adapters adapters, CommandRoute wire, NativePublisher publisher, SentReplies sentReplies) {
        this.adapters = adapters;
        this.wire = wire;
        this.publisher = publisher;
        this.sentReplies = sentReplies;
    }

    @Override
    public CompletableFuture<Void> send(CommandRequest request, byte[] correlationData) {
        Optional<NativePublish> command;
        try {
            command = adapters.command(request, correlationData);
        } catch (CommandRefused refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return command.map(publish -> publisher.publish(adapters.listenerOf(request.deviceId()), publish.topic(),
                        publish.payload(), request.timeout()).thenRun(() ->
                        publish.doneWhenSent().ifPresent(result -> sentReplies.done(request.deviceId(), correlationData, result))))
                .orElseGet(() -> wire.send(request, correlationData));
    }
}
