package dev.hearth.rules.internal.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.Trigger;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.shredzone.commons.suncalc.SunTimes;

/**
 * The moments of one time trigger ({@code at}, {@code cron}, {@code sun}), in the zone of the
 * moment asked about, so that daylight saving time moves {@code at: "06:30"} with the wall clock.
 */
interface TimeSchedule {
    /** The trigger's kind as its values name it: {@code at}, {@code cron} or {@code sun}. */
    String kind();

    /** The first moment after {@code now}. */
    Optional<ZonedDateTime> nextAfter(ZonedDateTime now);

    /**
     * The last moment at or before {@code upTo}; it may lie before {@code after}, which only bounds
     * how far back to look.
     */
    Optional<ZonedDateTime> lastUpTo(ZonedDateTime after, ZonedDateTime upTo);

    static TimeSchedule at(Trigger.At trigger) {
        return new Daily(trigger);
    }

    static TimeSchedule cron(Trigger.Cron trigger) {
        return new Cron(ExecutionTime.forCron(Cron.PARSER.parse(trigger.expression())));
    }

    /** Without a location there is no sunrise or sunset: such a trigger never fires. */
    static TimeSchedule sun(Trigger.Sun trigger, Optional<EngineSettings.Location> location) {
        return new Sun(trigger, location);
    }

    record Daily(Trigger.At trigger) implements TimeSchedule {
        @Override
        public String kind() {
            return "at";
        }

        @Override
        public Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
            ZonedDateTime today = ZonedDateTime.of(now.toLocalDate(), trigger.time(), now.getZone());
            return Optional.of(today.isAfter(now) ? today
                    : ZonedDateTime.of(now.toLocalDate().plusDays(1), trigger.time(), now.getZone()));
        }

        @Override
        public Optional<ZonedDateTime> lastUpTo(ZonedDateTime after, ZonedDateTime upTo) {
            ZonedDateTime today = ZonedDateTime.of(upTo.toLocalDate(), trigger.time(), upTo.getZone());
            return Optional.of(today.isAfter(upTo) ? ZonedDateTime.of(upTo.toLocalDate().minusDays(1), trigger.time(),
                    upTo.getZone()) : today);
        }
    }

    record Cron(ExecutionTime execution) implements TimeSchedule {
        static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        @Override
        public String kind() {
            return "cron";
        }

        @Override
        public Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
            return execution.nextExecution(now);
        }

        @Override
        public Optional<ZonedDateTime> lastUpTo(ZonedDateTime after, ZonedDateTime upTo) {
            Optional<ZonedDateTime> last = execution.lastExecution(upTo);
            // lastExecution is strictly before upTo: a moment right at upTo is found this way.
            Optional<ZonedDateTime> following = last.flatMap(execution::nextExecution);
            if (following.isPresent() && !following.get().isAfter(upTo)) {
                return following;
            }
            return last;
        }
    }

    record Sun(Trigger.Sun trigger, Optional<EngineSettings.Location> location) implements TimeSchedule {
        /** Polar days and nights: look this far ahead for a sunrise or sunset. */
        private static final int SEARCH_DAYS = 370;

        @Override
        public String kind() {
            return "sun";
        }

        @Override
        public Optional<ZonedDateTime> nextAfter(ZonedDateTime now) {
            if (location.isEmpty()) {
                return Optional.empty();
            }
            for (int day = -1; day < SEARCH_DAYS; day++) {
                Optional<ZonedDateTime> moment = on(now.toLocalDate().plusDays(day), now.getZone(), location.get());
                if (moment.isPresent() && moment.get().isAfter(now)) {
                    return moment;
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<ZonedDateTime> lastUpTo(ZonedDateTime after, ZonedDateTime upTo) {
            if (location.isEmpty()) {
                return Optional.empty();
            }
            // Back from tomorrow (an offset may move a moment across midnight) to the day before the
            // engine was last alive; polar nights have days without the event.
            for (int day = 1; day > -SEARCH_DAYS; day--) {
                LocalDate date = upTo.toLocalDate().plusDays(day);
                if (date.isBefore(after.toLocalDate().minusDays(1))) {
                    break;
                }
                Optional<ZonedDateTime> moment = on(date, upTo.getZone(), location.get());
                if (moment.isPresent() && !moment.get().isAfter(upTo)) {
                    return moment;
                }
            }
            return Optional.empty();
        }

        private Optional<ZonedDateTime> on(LocalDate date, ZoneId zone, EngineSettings.Location at) {
            SunTimes times = SunTimes.compute().on(date.atStartOfDay(zone)).timezone(zone)
                    .at(at.latitude(), at.longitude()).oneDay().execute();
            ZonedDateTime event = trigger.event() == Trigger.SunEvent.SUNRISE ? times.getRise() : times.getSet();
            return Optional.ofNullable(event).map(e -> e.plus(trigger.offset()).withZoneSameInstant(zone));
        }
    }
}
