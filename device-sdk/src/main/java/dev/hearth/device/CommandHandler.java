package dev.hearth.device;

import dev.hearth.wire.CommandReply;

/**
 * Handles one named command. Whatever it throws becomes a failure reply carrying the
 * exception's message; the device keeps running.
 */
@FunctionalInterface
public interface CommandHandler {
    CommandReply handle(Command command) throws Exception;
}
