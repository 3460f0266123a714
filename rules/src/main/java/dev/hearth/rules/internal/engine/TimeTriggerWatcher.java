package dev.hearth.rules.internal.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.Trigger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.shredzone.commons.suncalc.SunTimes;

/**
 * Fires a time trigger ({@code at}, {@code cron}, {@code sun}) at its next moment after now, then
 * schedules the one after. Moments are computed in the clock's zone, so daylight saving time moves
 * {@code at: "06:30"} with the wall clock. A moment missed while the hub was down is not caught up.
 */
final class TimeTriggerWatcher {
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Polar days and nights: look this far ahead for a sunrise or sunset. */
    private static final int SUN_SEARCH_DAYS = 370;

    private final Trigger trigger;
    private final RuleRuntime rule;
    private final EngineContext context;
    private final Optional<ExecutionTime> cron;
    private ScheduledFuture<?> next;

    TimeTriggerWatcher(Trigger trigger, RuleRuntime rule, EngineContext context) {
        this.trigger = trigger;
        this.rule = rule;
        this.context = context;
        this.cron = trigger instanceof Trigger.Cron c ? Optional.of(ExecutionTime.forCron(CRON.parse(c.expression())))
                : Optional.empty();
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
        ObjectNode values = TriggerMatch.values(kind(), null);
        values.put("at", moment.toOffsetDateTime().toString());
        rule.trigger(new Fired(trigger + " at " + moment.toLocalDateTime(), values, Causation.EXTERNAL));
        start();
    }

    private String kind() {
        return trigger instanceof Trigger.At ? "at" : trigger instanceof Trigger.Cron ? "cron" : "sun";
    }

    Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
        if (trigger instanceof Trigger.At at) {
            ZonedDateTime today = ZonedDateTime.of(now.toLocalDate(), at.time(), now.getZone());
            return Optional.of(today.isAfter(now) ? today : ZonedDateTime.of(now.toLocalDate().plusDays(1), at.time(), now.getZone()));
        }
        if (cron.isPresent()) {
            return cron.get().nextExecution(now);
        }
        Trigger.Sun sun = (Trigger.Sun) trigger;
        Optional<EngineSettings.Location> location = context.settings().location();
        if (location.isEmpty()) {
            return Optional.empty();
        }
        for (int day = -1; day < SUN_SEARCH_DAYS; day++) {
            ZonedDateTime midnight = now.toLocalDate().plusDays(day).atStartOfDay(now.getZone());
            SunTimes times = SunTimes.compute().on(midnight).timezone(now.getZone())
                    .at(location.get().latitude(), location.get().longitude()).oneDay().execute();
            ZonedDateTime event = sun.event() == Trigger.SunEvent.SUNRISE ? times.getRise() : times.getSet();
            if (event != null && event.plus(sun.offset()).isAfter(now)) {
                return Optional.of(event.plus(sun.offset()).withZoneSameInstant(now.getZone()));
            }
        }
        return Optional.empty();
    }

    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
