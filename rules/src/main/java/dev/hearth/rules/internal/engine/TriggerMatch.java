package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.Trigger;
import java.math.BigDecimal;
import java.util.Optional;

/** Whether an event fires an event trigger at this instant (holds are the watcher's business). */
final class TriggerMatch {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TriggerMatch() {
    }

    static Optional<Fired> match(Trigger trigger, Event event) {
        return trigger.accept(new Match(event));
    }

    /** What {@code event} fires, trigger kind by trigger kind. */
    private record Match(Event event) implements Trigger.Visitor<Optional<Fired>> {
        @Override
        public Optional<Fired> state(Trigger.State trigger) {
            return event instanceof Event.State state && trigger.matches(state.change())
                    ? Optional.of(stateFired("state", trigger.attribute().toString(), state.change())) : Optional.empty();
        }

        @Override
        public Optional<Fired> deviceState(Trigger.DeviceState trigger) {
            if (event instanceof Event.State state && trigger.matches(state.change())) {
                StateChange change = state.change();
                return Optional.of(stateFired("state", change.deviceId() + "." + change.attribute(), change));
            }
            return Optional.empty();
        }

        @Override
        public Optional<Fired> numeric(Trigger.Numeric trigger) {
            return event instanceof Event.State state && entersRange(trigger, state.change())
                    ? Optional.of(stateFired("numeric", trigger.attribute().toString(), state.change())) : Optional.empty();
        }

        @Override
        public Optional<Fired> availability(Trigger.Availability trigger) {
            if (!(event instanceof Event.Availability availability) || !trigger.deviceId().equals(availability.deviceId())
                    || availability.previous().isEmpty() || availability.previous().get() == availability.online()
                    || !trigger.toOnline().map(online -> online == availability.online()).orElse(true)) {
                return Optional.empty();
            }
            String to = availability.online() ? "online" : "offline";
            ObjectNode values = values("availability", availability.deviceId());
            values.put("from", availability.online() ? "offline" : "online").put("to", to);
            return Optional.of(new Fired(availability.deviceId() + " " + values.get("from").asText() + " -> " + to,
                    values, availability.causation()));
        }

        @Override
        public Optional<Fired> telemetry(Trigger.Telemetry trigger) {
            if (!(event instanceof Event.Telemetry telemetry) || !trigger.matches(telemetry.deviceId())) {
                return Optional.empty();
            }
            ObjectNode values = values("telemetry", telemetry.deviceId());
            values.set("measurements", telemetry.measurements());
            return Optional.of(new Fired("telemetry from " + telemetry.deviceId() + " " + telemetry.measurements(),
                    values, telemetry.causation()));
        }

        // Moments and the start are no events: TimeTriggerWatcher and ActiveRules fire those.

        @Override
        public Optional<Fired> at(Trigger.At trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<Fired> cron(Trigger.Cron trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<Fired> sun(Trigger.Sun trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<Fired> started(Trigger.Started trigger) {
            return Optional.empty();
        }
    }

    /** Crossing into the range: the previous value was known and outside it (or not a number). */
    static boolean entersRange(Trigger.Numeric trigger, StateChange change) {
        if (!change.deviceId().equals(trigger.attribute().deviceId())
                || !change.attribute().equals(trigger.attribute().attribute())) {
            return false;
        }
        Optional<BigDecimal> now = number(change.current());
        if (now.isEmpty() || !trigger.inRange(now.get()) || change.previous().isEmpty()) {
            return false;
        }
        Optional<BigDecimal> before = number(change.previous().get());
        return before.isEmpty() || !trigger.inRange(before.get());
    }

    static boolean inRange(Trigger.Numeric trigger, JsonNode value) {
        return number(value).map(trigger::inRange).orElse(false);
    }

    static Optional<BigDecimal> number(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.decimalValue());
        } catch (NumberFormatException nanOrInfinite) {
            return Optional.empty();
        }
    }

    private static Fired stateFired(String kind, String attribute, StateChange change) {
        ObjectNode values = values(kind, change.deviceId());
        values.put("attribute", change.attribute());
        values.set("from", change.previous().orElse(NODES.nullNode()));
        values.set("to", change.current());
        String previous = change.previous().map(TriggerMatch::shown).orElse("unknown");
        return new Fired(attribute + " " + previous + " -> " + shown(change.current()), values, change.causation());
    }

    static ObjectNode values(String kind, String deviceId) {
        ObjectNode values = NODES.objectNode();
        values.put("kind", kind);
        if (deviceId != null) {
            values.put("device", deviceId);
        }
        return values;
    }

    static String shown(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
