package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What became of a {@link CommandRequest}. */
public sealed interface CommandResult permits CommandResult.Replied, CommandResult.NoReply {

    /**
     * The device answered; {@code ok == false} carries the device's error. {@code waitedToDeliver}:
     * how long the command waited for the device to connect before it went out (zero when it was
     * online), so that a trace can say why the answer came late.
     */
    record Replied(boolean ok, Optional<JsonNode> result, Optional<String> error, Duration waitedToDeliver)
            implements CommandResult {
        public Replied {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(waitedToDeliver, "waitedToDeliver");
        }

        public Replied(boolean ok, Optional<JsonNode> result, Optional<String> error) {
            this(ok, result, error, Duration.ZERO);
        }
    }

    /** No answer: timed out, device unknown, not delivered. */
    record NoReply(String reason) implements CommandResult {
        public NoReply {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
