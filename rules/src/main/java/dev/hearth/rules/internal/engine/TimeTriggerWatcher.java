package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.MissedPolicy;
import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Fires a time trigger ({@code at}, {@code cron}, {@code sun}) at its next moment after now, then
 * schedules the one after; its {@link TimeSchedule} says when, in the clock's zone. At the engine's
 * start, {@link #catchUp} looks for the last moment that passed while it was down and lets the rule's
 * {@code missed:} policy decide.
 */
final class TimeTriggerWatcher {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HH_MM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Trigger trigger;
    private final RuleRuntime rule;
    private final EngineContext context;
    private final TimeSchedule schedule;
    private ScheduledFuture<?> next;

    TimeTriggerWatcher(Trigger trigger, TimeSchedule schedule, RuleRuntime rule, EngineContext context) {
        this.trigger = trigger;
        this.schedule = schedule;
        this.rule = rule;
        this.context = context;
    }

    void start() {
        ZonedDateTime now = ZonedDateTime.now(context.clock());
        nextAfter(now).ifPresent(moment -> next = context.schedule(() -> fire(moment),
                Duration.between(now.toInstant(), moment.toInstant())).orElse(null));
    }

    private void fire(ZonedDateTime moment) {
        if (rule.isRetired()) {
            return;
        }
        // Before the run: after a crash the moment counts as fired (at most once, rather than twice).
        context.timers().alive(context.clock().instant());
        rule.trigger(new Fired(trigger + " at " + moment.toLocalDateTime(), values(moment), Causation.EXTERNAL));
        start();
    }

    private ObjectNode values(ZonedDateTime moment) {
        ObjectNode values = TriggerMatch.values(schedule.kind(), null);
        values.put("at", moment.toOffsetDateTime().toString());
        return values;
    }

    /**
     * The engine starts; it last ran at {@code lastAlive}. If a moment of this trigger passed since
     * (only the last one counts: a cron every 15 minutes does not fire eight times after two hours
     * down), the rule's missed policy fires it late or skips it, and says so in the trace.
     */
    void catchUp(Instant lastAlive) {
        ZonedDateTime now = ZonedDateTime.now(context.clock());
        if (!lastAlive.isBefore(now.toInstant())) {
            return;
        }
        Optional<ZonedDateTime> missed = lastBetween(lastAlive.atZone(now.getZone()), now);
        if (missed.isEmpty()) {
            return;
        }
        ZonedDateTime moment = missed.get();
        Duration late = Duration.between(moment, now).withNanos(0);
        MissedPolicy policy = rule.rule().options().missed();
        String when = moment.toLocalDate().equals(now.toLocalDate()) ? moment.toLocalTime().format(HH_MM)
                : moment.toLocalDateTime().format(DAY_HH_MM);
        String choice = "missed " + when + " while down; " + (policy.fires(late) ? "fired " + Durations.format(late)
                + " late" : "skipped: " + Durations.format(late) + " late") + " (missed: " + policy + ")";
        Fired fired = new Fired(trigger + " at " + moment.toLocalDateTime() + "; " + choice, values(moment),
                Causation.EXTERNAL);
        if (policy.fires(late)) {
            rule.trigger(fired);
        } else {
            rule.skippedWhileDown(fired, trigger.toString(), choice);
        }
    }

    /** The last moment {@code m} with {@code after < m <= upTo}, if any. */
    Optional<ZonedDateTime> lastBetween(ZonedDateTime after, ZonedDateTime upTo) {
        return schedule.lastUpTo(after, upTo).filter(moment -> moment.isAfter(after) && !moment.isAfter(upTo));
    }

    Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
        return schedule.nextAfter(now);
    }

    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
