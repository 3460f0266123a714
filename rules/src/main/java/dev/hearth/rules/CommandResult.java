package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/** What became of a {@link CommandRequest}. */
public sealed interface CommandResult permits CommandResult.Replied, CommandResult.NoReply {

    /** The device answered; {@code ok == false} carries the device's error. */
    record Replied(boolean ok, Optional<JsonNode> result, Optional<String> error) implements CommandResult {
        public Replied {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(error, "error");
        }
    }

    /** No answer: timed out, device unknown, not delivered. */
    record NoReply(String reason) implements CommandResult {
        public NoReply {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
