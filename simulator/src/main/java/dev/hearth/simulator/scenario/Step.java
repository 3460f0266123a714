package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.device.OfflineMode;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One thing that happens at a moment of a scenario's timeline, measured from its start. */
public sealed interface Step permits Step.DeviceStep, Step.Expectation {
    Duration at();

    /** A step about one device of the scenario. */
    sealed interface DeviceStep extends Step
            permits Report, GoOffline, ComeOnline, Restart, Malformed, ExpectCommand, ExpectState {
        String device();
    }

    /**
     * Something that must be seen: at some moment in [{@code at}, {@code at + within}], or, when
     * {@code exact}, at {@code at} itself (to the nanosecond on virtual time; a live run allows
     * a tolerance, since a broker and a hub take time).
     */
    sealed interface Expectation extends Step permits ExpectCommand, ExpectState, ExpectApi {
        Duration within();

        boolean exact();

        default Duration deadline() {
            return at().plus(within());
        }

        /** {@code within 5s of 200ms} or {@code at exactly 30s}, for sentences. */
        default String timing() {
            return exact() ? "at exactly " + Durations.format(at())
                    : "within " + Durations.format(within()) + " of " + Durations.format(at());
        }
    }

    /** The device reports a (partial) state. */
    record Report(Duration at, String device, ObjectNode state) implements DeviceStep {
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

    /** The device leaves the network, abruptly ({@link OfflineMode#DROP}) or saying goodbye. */
    record GoOffline(Duration at, String device, OfflineMode how) implements DeviceStep {
        public GoOffline {
            requireAt(at);
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(how, "how");
        }
    }

    /** The device comes back after {@link GoOffline}. */
    record ComeOnline(Duration at, String device) implements DeviceStep {
        public ComeOnline {
            requireAt(at);
            Objects.requireNonNull(device, "device");
        }
    }

    /** The device process restarts: a clean goodbye and a fresh connection, keeping the state it holds. */
    record Restart(Duration at, String device) implements DeviceStep {
        public Restart {
            requireAt(at);
            Objects.requireNonNull(device, "device");
        }
    }

    /** Raw bytes on one of the device's own topics, with its credentials: what a buggy firmware sends. */
    record Malformed(Duration at, String device, TopicKind topicKind, String payload) implements DeviceStep {
        public Malformed {
            requireAt(at);
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(topicKind, "topicKind");
            Objects.requireNonNull(payload, "payload");
            if (topicKind == TopicKind.COMMAND) {
                throw new IllegalArgumentException("a device does not publish on its command topics");
            }
        }
    }

    /**
     * The device must receive {@code command}; when {@code args} is given, the command's
     * arguments must contain those fields with those values.
     */
    record ExpectCommand(Duration at, String device, String command, Optional<ObjectNode> args, Duration within, boolean exact)
            implements DeviceStep, Expectation {
        public ExpectCommand {
            requireAt(at);
            Objects.requireNonNull(device, "device");
            Topics.requireCommandName(command);
            args = args.map(ObjectNode::deepCopy);
            requireWithin(within, exact);
        }

        public ExpectCommand(Duration at, String device, String command, Optional<ObjectNode> args, Duration within) {
            this(at, device, command, args, within, false);
        }
    }

    /** The device's own state must show {@code attribute} equal to {@code equals} (numbers by value, objects by the fields given). */
    record ExpectState(Duration at, String device, String attribute, JsonNode equals, Duration within, boolean exact)
            implements DeviceStep, Expectation {
        public ExpectState {
            requireAt(at);
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(attribute, "attribute");
            equals = Objects.requireNonNull(equals, "equals").deepCopy();
            requireWithin(within, exact);
        }
    }

    /** The hub's HTTP API must show {@code equals} at JSON {@code pointer} of GET {@code path}. */
    record ExpectApi(Duration at, String path, String pointer, JsonNode equals, Duration within, boolean exact)
            implements Expectation {
        public ExpectApi {
            requireAt(at);
            if (!Objects.requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("an API path starts with '/': " + path);
            }
            Objects.requireNonNull(pointer, "pointer");
            equals = Objects.requireNonNull(equals, "equals").deepCopy();
            requireWithin(within, exact);
        }
    }

    private static void requireAt(Duration at) {
        if (Objects.requireNonNull(at, "at").isNegative()) {
            throw new IllegalArgumentException("a step cannot happen before the start: " + at);
        }
    }

    private static void requireWithin(Duration within, boolean exact) {
        if (Objects.requireNonNull(within, "within").isNegative()) {
            throw new IllegalArgumentException("within cannot be negative: " + within);
        }
        if (exact && !within.isZero()) {
            throw new IllegalArgumentException("an exact expectation has no window: within " + within);
        }
    }
}
