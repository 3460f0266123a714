package dev.hearth.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a task's rule time should be, from its events and the wall clock. A task that is behind (replaying after a
 * rebalance, or lagging) follows its events' time, so that a hold falls due only after the events before its deadline
 * were seen (one that ends the hold first cancels it); a {@code for:} hold counts from its event's time even when the
 * task's time is ahead of it, back to {@link #HOLD_BACKDATE}. A task that is caught up follows the wall clock, so
 * deadlines fall due without new events.
 *
 * <p>Hub clocks: an event's time is never taken past now (a hub clock ahead does not postpone anything), and the
 * task's time never goes back (a hub clock behind, or another hub's older event, does not move deadlines earlier;
 * it shortens a {@code for:} hold by at most {@link #HOLD_BACKDATE}). A partition whose events all come from hubs
 * whose clocks are behind by more than {@link #BEHIND} reads as behind, so its deadlines fall due that much late;
 * the task's time never trails the wall clock by more than {@link #MAX_LAG}.
 */
final class TaskTime {
    /** A record read this long after its time means the task is behind: the next tick waits for more events. */
    static final Duration BEHIND = Duration.ofSeconds(1);
    /**
     * How late an event may reach the task and still start its {@code for:} hold at its own time (the engine's
     * {@link dev.hearth.rules.EngineSettings#holdBackdate}). A tick moves a task with no new record to the wall
     * clock, but no record is not the same as caught up: a loaded hub's producer delivered events about 2 s after
     * their time in a failover run here, and a hold counted from when the task saw them was cancelled by its own
     * release, 12 s after the event against {@code for: 10s}. A hub whose clock is behind by more than this shortens
     * holds by at most this much.
     */
    static final Duration HOLD_BACKDATE = Duration.ofSeconds(5);
    /** How far the task's time may trail the wall clock while behind (bounds a stuck or far-behind hub clock). */
    static final Duration MAX_LAG = Duration.ofMinutes(5);

    /** The newest event time of the records read behind since the last tick, or null: none (or none behind). */
    private Instant behindAt;

    /** The earliest instant the task's time may start at, at wall-clock {@code now}. */
    static Instant earliest(Instant now) {
        return now.minus(MAX_LAG);
    }

    /** Before a record of time {@code at}: the event's time, within [now - MAX_LAG, now]. */
    Instant onEvent(Instant at, Instant now) {
        Instant time = at.isAfter(now) ? now : at;
        Instant floor = earliest(now);
        time = time.isBefore(floor) ? floor : time;
        boolean behind = at.isBefore(now.minus(BEHIND));
        behindAt = !behind ? null : behindAt == null || time.isAfter(behindAt) ? time : behindAt;
        return time;
    }

    /**
     * On a wall-clock tick: where the events took the task if the last record since the previous tick was read behind
     * (within MAX_LAG), else now: a tick with no record, or after a record read in time, means the task caught up.
     */
    Instant onTick(Instant now) {
        Instant seen = behindAt;
        behindAt = null;
        if (seen != null) {
            return seen.isBefore(earliest(now)) ? earliest(now) : seen;
        }
        return now;
    }
}
