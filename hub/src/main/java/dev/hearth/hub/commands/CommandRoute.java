package dev.hearth.hub.commands;

import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.util.concurrent.CompletableFuture;

/**
 * How a command reaches its device: the wire contract's {@code devices/{id}/commands/{name}} with a
 * response topic and correlation data, or, for a device an adapter speaks for, its native topic. A
 * future that fails ends the command at once as not delivered, with the exception's message.
 */
@FunctionalInterface
public interface CommandRoute {
    CompletableFuture<Void> send(CommandRequest request, byte[] correlationData);

    /** The wire contract's route, through {@code publisher}. */
    static CommandRoute wire(CommandPublisher publisher) {
        return (request, correlation) -> publisher.publish(Topics.command(request.deviceId(), request.command()),
                WireJson.toBytes(request.args()), Topics.replies(request.deviceId()), correlation);
    }
}
