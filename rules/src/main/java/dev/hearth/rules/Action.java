package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;

/** What a rule does, one step of its {@code then:} list. */
public sealed interface Action permits Action.Command {

    RuleSource source();

    /** Send a command and wait for its result before the next action. */
    record Command(String deviceId, String command, ObjectNode args, Duration timeout, RuleSource source)
            implements Action {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public Command {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(command, "command");
            args = Objects.requireNonNull(args, "args").deepCopy();
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(source, "source");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        /** A copy: the rule's own arguments stay as loaded. */
        @Override
        public ObjectNode args() {
            return args.deepCopy();
        }

        @Override
        public String toString() {
            return "command " + deviceId + "." + command + " " + args;
        }
    }
}
