package dev.hearth.hub.broker;

import dev.hearth.hub.storage.Write;
import java.util.List;

/** What one publish of a native login came to, for the broker to act on. */
public sealed interface NativeOutcome {
    /** Taken: the writes it caused (none for a message with nothing to map), stored as a wire message's are; delivered. */
    record Taken(List<Write> writes) implements NativeOutcome {
        public Taken {
            writes = List.copyOf(writes);
        }
    }

    /** Taken and not delivered: a shared tree's message (see {@link NativeAccess#swallow}), with what it caused to store. */
    record Swallowed(List<Write> writes) implements NativeOutcome {
        public Swallowed {
            writes = List.copyOf(writes);
        }
    }

    /** Refused, by a stable reason (metrics) and a sentence naming the topic and the field. */
    record Refused(String reason, String message) implements NativeOutcome {
    }

    /** Not a topic of the login: the ACL refuses it after the interceptor. */
    record Outside() implements NativeOutcome {
    }
}
