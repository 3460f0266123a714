package dev.hearth.hub.security;

import dev.hearth.wire.DeviceIds;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing. Failed logins are counted per device id and per source address;
 * past {@link Policy#failuresPerDevice} (or {@link Policy#failuresPerAddress}) within a window, the
 * next logins are refused at once, without checking the password, for a backoff that doubles with
 * every further failure. A login that succeeds forgives its device id.
 *
 * <p>Unknown ids are counted like known ones, so being throttled tells nothing about which ids
 * exist. An address is not forgiven by a success: one device of its own must not reset an
 * attacker's count. The address limit is higher than a device's, because a household's devices
 * often share one address (NAT, or loopback for the simulator).
 */
public final class LoginThrottle {
    /**
     * Keys followed at most: an attacker making up ids must not fill the heap. The least recently
     * used go first; pushing out a blocked key takes this many failed logins, each paying bcrypt.
     */
    static final int MAX_TRACKED = 10_000;

    /** How many failures, within what window, and how long to refuse then. */
    public record Policy(int failuresPerDevice, int failuresPerAddress, Duration window, Duration firstBackoff,
                         Duration maxBackoff) {
        public static final int DEFAULT_FAILURES_PER_DEVICE = 5;
        public static final int DEFAULT_FAILURES_PER_ADDRESS = 20;
        public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

        public Policy {
            if (failuresPerDevice < 1 || failuresPerAddress < 1 || window.isNegative() || firstBackoff.isNegative()
                    || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("invalid login throttle policy");
            }
        }

        /** The defaults, with the first backoff given (it doubles up to five minutes, or stays if longer). */
        public static Policy startingAt(Duration firstBackoff) {
            return new Policy(DEFAULT_FAILURES_PER_DEVICE, DEFAULT_FAILURES_PER_ADDRESS, DEFAULT_WINDOW, firstBackoff,
                    firstBackoff.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? firstBackoff : DEFAULT_MAX_BACKOFF);
        }
    }

    private static final class Failures {
        private final Instant windowStart;
        private int count;
        private Instant blockedUntil;

        Failures(Instant windowStart) {
            this.windowStart = windowStart;
        }
    }

    private final Policy policy;
    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    public LoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Whether a login as {@code deviceId} from {@code address} is to be refused without a look at its password. */
    public synchronized boolean throttled(String deviceId, Optional<InetAddress> address) {
        Instant now = clock.instant();
        return blocked(deviceKey(deviceId), now) || address.map(a -> blocked(addressKey(a), now)).orElse(false);
    }

    public synchronized void failed(String deviceId, Optional<InetAddress> address) {
        Instant now = clock.instant();
        count(deviceKey(deviceId), policy.failuresPerDevice(), now);
        address.ifPresent(a -> count(addressKey(a), policy.failuresPerAddress(), now));
    }

    public synchronized void succeeded(String deviceId) {
        failures.remove(deviceKey(deviceId));
    }

    private boolean blocked(String key, Instant now) {
        Failures record = failures.get(key);
        return record != null && record.blockedUntil != null && now.isBefore(record.blockedUntil);
    }

    private void count(String key, int limit, Instant now) {
        Failures record = failures.get(key);
        if (record == null || forgiven(record, now)) {
            record = new Failures(now);
            failures.put(key, record);
        }
        record.count++;
        if (record.count >= limit) {
            record.blockedUntil = now.plus(backoff(record.count - limit));
        }
    }

    /** A window without reaching the limit, or a quiet window once the last backoff ended. */
    private boolean forgiven(Failures record, Instant now) {
        Instant since = record.blockedUntil == null ? record.windowStart : record.blockedUntil;
        return now.isAfter(since.plus(policy.window()));
    }

    private Duration backoff(int beyondLimit) {
        Duration backoff = policy.firstBackoff();
        for (int i = 0; i < beyondLimit && backoff.compareTo(policy.maxBackoff()) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : backoff;
    }

    /** A user name no device can have (up to 64 KiB in MQTT) is not kept: all of them share one key. */
    private static String deviceKey(String deviceId) {
        return DeviceIds.isValid(deviceId) ? "device:" + deviceId : "device-invalid";
    }

    private static String addressKey(InetAddress address) {
        return "address:" + address.getHostAddress();
    }
}
