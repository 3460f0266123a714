package dev.hearth.rules.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** The clock of a {@link VirtualTime}: it reads the virtual instant, in its zone. */
final class VirtualClock extends Clock {
    private final VirtualTime time;
    private final ZoneId zone;

    VirtualClock(VirtualTime time, ZoneId zone) {
        this.time = time;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new VirtualClock(time, newZone);
    }

    @Override
    public Instant instant() {
        return time.now();
    }

    @Override
    public String toString() {
        return "VirtualClock[" + time.now() + ", " + zone + "]";
    }
}
