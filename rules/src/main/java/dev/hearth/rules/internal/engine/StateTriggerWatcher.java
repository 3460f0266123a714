package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.internal.text.Durations;
import java.util.concurrent.ScheduledFuture;

/**
 * Watches one state trigger. With {@code for:}, a matching change starts a hold timer; the timer
 * is cancelled when the value leaves {@code to} (or, without {@code to}, changes at all).
 */
final class StateTriggerWatcher {
    private final Trigger.State trigger;
    private final RuleRuntime rule;
    private final ActiveRules owner;
    private final EngineContext context;
    private ScheduledFuture<?> hold;
    private long holdNumber;

    StateTriggerWatcher(Trigger.State trigger, RuleRuntime rule, ActiveRules owner, EngineContext context) {
        this.trigger = trigger;
        this.rule = rule;
        this.owner = owner;
        this.context = context;
    }

    void onChange(StateChange change) {
        if (hold != null) {
            boolean stillHolding = trigger.to().map(to -> to.matches(change.current())).orElse(false);
            if (stillHolding) {
                return;
            }
            cancel();
        }
        if (!trigger.matches(change)) {
            return;
        }
        String description = describe(change);
        if (trigger.holdFor().isEmpty()) {
            rule.trigger(description);
            return;
        }
        long number = ++holdNumber;
        String held = description + ", held " + Durations.format(trigger.holdFor().get());
        hold = context.schedule(() -> holdElapsed(number, held), trigger.holdFor().get()).orElse(null);
    }

    private void holdElapsed(long number, String description) {
        if (owner.isRetired() || hold == null || number != holdNumber) {
            return;
        }
        hold = null;
        rule.trigger(description);
    }

    void cancel() {
        if (hold != null) {
            hold.cancel(false);
            hold = null;
        }
        holdNumber++;
    }

    private String describe(StateChange change) {
        String previous = change.previous().map(StateTriggerWatcher::shown).orElse("unknown");
        return trigger.attribute() + " " + previous + " -> " + shown(change.current());
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
