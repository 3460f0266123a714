package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.util.Map;

/** Turns a command's name and raw arguments into a reply: parses, finds the handler, runs it. */
final class CommandDispatcher {
    private final Map<String, CommandHandler> handlers;

    CommandDispatcher(Map<String, CommandHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    CommandReply dispatch(String name, byte[] payload) {
        CommandHandler handler = handlers.get(name);
        if (handler == null) {
            return CommandReply.failure("unknown command '" + name + "'");
        }
        ObjectNode args;
        try {
            args = payload == null || payload.length == 0 ? WireJson.mapper().createObjectNode() : WireJson.parseObject(payload);
        } catch (WireJson.InvalidPayloadException e) {
            return CommandReply.failure("malformed arguments for '" + name + "': " + e.getMessage());
        }
        try {
            CommandReply reply = handler.handle(new Command(name, args));
            return reply != null ? reply : CommandReply.failure("the handler for '" + name + "' returned no reply");
        } catch (Exception | LinkageError | AssertionError e) {
            String message = e.getMessage();
            return CommandReply.failure(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
        }
    }
}
