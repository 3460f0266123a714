package dev.hearth.rules;

import java.util.concurrent.CompletionStage;

/** The port through which rules send commands. The hub enforces {@link CommandRequest#timeout()}. */
@FunctionalInterface
public interface CommandSink {
    CompletionStage<CommandResult> send(CommandRequest request);
}
