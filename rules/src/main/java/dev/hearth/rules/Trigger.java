package dev.hearth.rules;

import dev.hearth.rules.internal.text.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What starts a rule. */
public sealed interface Trigger permits Trigger.State {

    RuleSource source();

    /**
     * An attribute changed ({@code from}/{@code to} narrow which changes); with {@code holdFor}, the
     * rule starts only once the new value has held that long.
     */
    record State(AttributeRef attribute, Optional<ValueMatch> from, Optional<ValueMatch> to,
                 Optional<Duration> holdFor, RuleSource source) implements Trigger {
        public State {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(holdFor, "holdFor");
            Objects.requireNonNull(source, "source");
            if (holdFor.isPresent() && (holdFor.get().isNegative() || holdFor.get().isZero())) {
                throw new IllegalArgumentException("holdFor must be positive");
            }
        }

        /** A change from an unknown value (a first report) never matches {@code from}. */
        public boolean matches(StateChange change) {
            return change.deviceId().equals(attribute.deviceId())
                    && change.attribute().equals(attribute.attribute())
                    && change.isChange()
                    && from.map(expected -> expected.matches(change.previous())).orElse(true)
                    && to.map(expected -> expected.matches(change.current())).orElse(true);
        }

        @Override
        public String toString() {
            return "state " + attribute
                    + from.map(value -> " from " + value).orElse("")
                    + to.map(value -> " to " + value).orElse("")
                    + holdFor.map(duration -> " for " + Durations.format(duration)).orElse("");
        }
    }
}
