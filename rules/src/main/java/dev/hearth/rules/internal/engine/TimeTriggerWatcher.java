package dev.hearth.rules.internal.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.MissedPolicy;
import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.shredzone.commons.suncalc.SunTimes;

/**
 * Fires a time trigger ({@code at}, {@code cron}, {@code sun}) at its next moment after now, then
 * schedules the one after. Moments are computed in the clock's zone, so daylight saving time moves
 * {@code at: "06:30"} with the wall clock. At the engine's start, {@link #catchUp} looks for the last
 * moment that passed while it was down and lets the rule's {@code missed:} policy decide.
 */
final class TimeTriggerWatcher {
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Polar days and nights: look this far ahead for a sunrise or sunset. */
    private static final int SUN_SEARCH_DAYS = 370;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HH_MM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

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
        // Before the run: after a crash the moment counts as fired (at most once, rather than twice).
        context.timers().alive(context.clock().instant());
        rule.trigger(new Fired(trigger + " at " + moment.toLocalDateTime(), values(moment), Causation.EXTERNAL));
        start();
    }

    private ObjectNode values(ZonedDateTime moment) {
        ObjectNode values = TriggerMatch.values(kind(), null);
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
        Optional<ZonedDateTime> last;
        if (trigger instanceof Trigger.At at) {
            ZonedDateTime today = ZonedDateTime.of(upTo.toLocalDate(), at.time(), upTo.getZone());
            last = Optional.of(today.isAfter(upTo) ? ZonedDateTime.of(upTo.toLocalDate().minusDays(1), at.time(),
                    upTo.getZone()) : today);
        } else if (cron.isPresent()) {
            last = cron.get().lastExecution(upTo);
            // lastExecution is strictly before upTo: a moment right at upTo is found this way.
            Optional<ZonedDateTime> following = last.flatMap(moment -> cron.get().nextExecution(moment));
            if (following.isPresent() && !following.get().isAfter(upTo)) {
                last = following;
            }
        } else {
            last = lastSun(after, upTo);
        }
        return last.filter(moment -> moment.isAfter(after) && !moment.isAfter(upTo));
    }

    private Optional<ZonedDateTime> lastSun(ZonedDateTime after, ZonedDateTime upTo) {
        Optional<EngineSettings.Location> location = context.settings().location();
        if (location.isEmpty()) {
            return Optional.empty();
        }
        // Back from tomorrow (an offset may move a moment across midnight) to the day before the
        // engine was last alive; polar nights have days without the event.
        for (int day = 1; day > -SUN_SEARCH_DAYS; day--) {
            java.time.LocalDate date = upTo.toLocalDate().plusDays(day);
            if (date.isBefore(after.toLocalDate().minusDays(1))) {
                break;
            }
            Optional<ZonedDateTime> moment = sunMoment(date, upTo.getZone(), location.get());
            if (moment.isPresent() && !moment.get().isAfter(upTo)) {
                return moment;
            }
        }
        return Optional.empty();
    }

    private Optional<ZonedDateTime> sunMoment(java.time.LocalDate date, java.time.ZoneId zone, EngineSettings.Location location) {
        Trigger.Sun sun = (Trigger.Sun) trigger;
        SunTimes times = SunTimes.compute().on(date.atStartOfDay(zone)).timezone(zone)
                .at(location.latitude(), location.longitude()).oneDay().execute();
        ZonedDateTime event = sun.event() == Trigger.SunEvent.SUNRISE ? times.getRise() : times.getSet();
        return Optional.ofNullable(event).map(e -> e.plus(sun.offset()).withZoneSameInstant(zone));
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
        Optional<EngineSettings.Location> location = context.settings().location();
        if (location.isEmpty()) {
            return Optional.empty();
        }
        for (int day = -1; day < SUN_SEARCH_DAYS; day++) {
            Optional<ZonedDateTime> moment = sunMoment(now.toLocalDate().plusDays(day), now.getZone(), location.get());
            if (moment.isPresent() && moment.get().isAfter(now)) {
                return moment;
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
