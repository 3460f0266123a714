package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.Causation;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Watches one event trigger of a rule. With {@code for:}, a match starts a hold whose deadline goes
 * to the timer journal; the hold is cancelled when the value leaves what the trigger asked for (or,
 * without {@code to}, changes at all), as Home Assistant does.
 */
final class TriggerWatcher {
    private final Trigger trigger;
    private final int index;
    private final RuleRuntime rule;
    private final EngineContext context;
    private final Optional<Duration> holdFor;
    private ScheduledFuture<?> hold;
    private long holdNumber;

    TriggerWatcher(Trigger trigger, int index, RuleRuntime rule, EngineContext context) {
        this.trigger = trigger;
        this.index = index;
        this.rule = rule;
        this.context = context;
        this.holdFor = trigger.holdFor();
    }

    Trigger trigger() {
        return trigger;
    }

    void onEvent(Event event) {
        if (hold != null && trigger.accept(new EndsHold(event))) {
            cancel();
        }
        Optional<Fired> fired = TriggerMatch.match(trigger, event);
        if (fired.isEmpty()) {
            return;
        }
        if (holdFor.isEmpty()) {
            rule.trigger(fired.get());
            return;
        }
        if (hold == null) {
            Instant due = holdStart(event.at()).plus(holdFor.get());
            startHold(fired.get().withDescription(fired.get().description() + ", held " + Durations.format(holdFor.get())),
                    due);
        }
    }

    /**
     * When a hold on an event of time {@code at} starts: at that time if it is at most the settings' backdate (and
     * the hold's own length) before the engine's clock, so that an event that reached the engine late is held from
     * when it happened rather than cut short by its release; never after the clock (a hub clock ahead does not
     * postpone a hold) and never so far back that the hold would be over before the engine saw it start.
     */
    private Instant holdStart(Instant at) {
        Instant now = context.clock().instant();
        Duration backdate = context.settings().holdBackdate();
        Instant earliest = now.minus(backdate.compareTo(holdFor.get()) < 0 ? backdate : holdFor.get());
        return at.isAfter(now) ? now : at.isBefore(earliest) ? earliest : at;
    }

    /**
     * Whether {@code event} is about what the trigger holds on and no longer what it asked for. A kind
     * without {@code for:} never holds.
     */
    private record EndsHold(Event event) implements Trigger.Visitor<Boolean> {
        @Override
        public Boolean state(Trigger.State trigger) {
            return event instanceof Event.State state && concerns(trigger.attribute(), state.change())
                    && !trigger.to().map(to -> to.matches(state.change().current())).orElse(false);
        }

        @Override
        public Boolean numeric(Trigger.Numeric trigger) {
            return event instanceof Event.State state && concerns(trigger.attribute(), state.change())
                    && !TriggerMatch.inRange(trigger, state.change().current());
        }

        @Override
        public Boolean availability(Trigger.Availability trigger) {
            return event instanceof Event.Availability availability && trigger.deviceId().equals(availability.deviceId())
                    && !trigger.toOnline().map(online -> online == availability.online()).orElse(false);
        }

        private static boolean concerns(AttributeRef attribute, StateChange change) {
            return attribute.deviceId().equals(change.deviceId()) && attribute.attribute().equals(change.attribute());
        }

        @Override
        public Boolean deviceState(Trigger.DeviceState trigger) {
            return false;
        }

        @Override
        public Boolean at(Trigger.At trigger) {
            return false;
        }

        @Override
        public Boolean cron(Trigger.Cron trigger) {
            return false;
        }

        @Override
        public Boolean sun(Trigger.Sun trigger) {
            return false;
        }

        @Override
        public Boolean telemetry(Trigger.Telemetry trigger) {
            return false;
        }

        @Override
        public Boolean started(Trigger.Started trigger) {
            return false;
        }
    }

    private void startHold(Fired fired, Instant due) {
        long number = ++holdNumber;
        context.timers().put(new TimerJournal.Entry(journalId(), rule.rule().id(), "for", due, journalData(fired)));
        hold = context.schedule(() -> holdElapsed(number, fired), Duration.between(context.clock().instant(), due))
                .orElse(null);
    }

    private void holdElapsed(long number, Fired fired) {
        if (rule.isRetired() || hold == null || number != holdNumber) {
            return;
        }
        hold = null;
        context.timers().remove(journalId());
        rule.trigger(fired);
    }

    /** A hold found in the journal at start: re-armed if still ahead, else the rule's missed policy decides. */
    void restore(TimerJournal.Entry entry) {
        if (!entry.data().path("trigger").asText().equals(trigger.toString())) {
            context.timers().remove(entry.id());
            return;
        }
        Fired fired = firedOf(entry.data());
        Instant now = context.clock().instant();
        if (entry.due().isAfter(now)) {
            startHold(fired, entry.due());
            return;
        }
        context.timers().remove(journalId());
        rule.missed(fired, "for", entry.due(), choice -> rule.trigger(fired.withDescription(fired.description() + "; " + choice)));
    }

    void cancel() {
        if (hold != null) {
            hold.cancel(false);
            hold = null;
            context.timers().remove(journalId());
        }
        holdNumber++;
    }

    /** Stops the hold's timer but keeps its journal entry: the engine is closing, the hold must survive. */
    void suspend() {
        if (hold != null) {
            hold.cancel(false);
            hold = null;
        }
        holdNumber++;
    }

    String journalId() {
        return rule.rule().id() + ".for." + index;
    }

    private ObjectNode journalData(Fired fired) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("trigger", trigger.toString());
        data.put("description", fired.description());
        data.set("values", fired.values());
        data.put("causation", fired.causation().id());
        data.put("depth", fired.causation().depth());
        return data;
    }

    static Fired firedOf(ObjectNode data) {
        ObjectNode values = data.get("values") instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        return new Fired(data.path("description").asText("?"), values,
                new Causation(data.path("causation").asText(""), Math.max(0, data.path("depth").asInt())));
    }
}
