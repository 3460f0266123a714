package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One thing that happens at a moment of a scenario's timeline, measured from its start. */
public sealed interface Step {
    Duration at();

    /** The device the step is about. */
    String device();

    /** The device reports a (partial) state. */
    record Report(Duration at, String device, ObjectNode state) implements Step {
        public Report {
            requireAt(at);
            Objects.requireNonNull(device, "device");
            state = Objects.requireNonNull(state, "state").deepCopy();
        }

        @Override
        public ObjectNode state() {
            return state.deepCopy();
        }
    }

    /**
     * The device must receive {@code command} within {@code within} of {@code at}; when
     * {@code args} is given, the command's arguments must contain those fields with those values.
     */
    record ExpectCommand(Duration at, String device, String command, Optional<ObjectNode> args, Duration within)
            implements Step {
        public ExpectCommand {
            requireAt(at);
            Objects.requireNonNull(device, "device");
            Topics.requireCommandName(command);
            args = args.map(ObjectNode::deepCopy);
            Objects.requireNonNull(within, "within");
            if (within.isNegative()) {
                throw new IllegalArgumentException("within cannot be negative: " + within);
            }
        }

        public Duration deadline() {
            return at.plus(within);
        }
    }

    private static void requireAt(Duration at) {
        if (Objects.requireNonNull(at, "at").isNegative()) {
            throw new IllegalArgumentException("a step cannot happen before the start: " + at);
        }
    }
}
