package dev.hearth.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hub.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Optional<InetAddress> HOME = address(192, 168, 1, 20);
    private static final Optional<InetAddress> ELSEWHERE = address(10, 0, 0, 7);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T06:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Policy.startingAt(Duration.ofSeconds(1)), clock);

    @Test
    void afterFiveFailuresADeviceIsRefusedUntilTheBackoffPasses() {
        failTimes("bed-1", HOME, 4);
        assertThat(throttle.throttled("bed-1", HOME)).as("four failures").isFalse();
        throttle.failed("bed-1", HOME);
        assertThat(throttle.throttled("bed-1", HOME)).isTrue();
        assertThat(throttle.throttled("bed-1", ELSEWHERE)).as("the device id, from anywhere").isTrue();
        assertThat(throttle.throttled("coffee-1", HOME)).as("another device from the same address").isFalse();

        clock.advance(Duration.ofMillis(999));
        assertThat(throttle.throttled("bed-1", HOME)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.throttled("bed-1", HOME)).isFalse();
    }

    @Test
    void eachFurtherFailureDoublesTheBackoffUpToTheMaximum() {
        failTimes("bed-1", HOME, 5);
        for (Duration expected : new Duration[] {Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)}) {
            clock.advance(expected.dividedBy(2));
            throttle.failed("bed-1", HOME); // a failure just after the last backoff ended
            clock.advance(expected.minusMillis(1));
            assertThat(throttle.throttled("bed-1", HOME)).as("blocked for " + expected).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(throttle.throttled("bed-1", HOME)).isFalse();
        }
        failTimes("bed-1", HOME, 20);
        clock.advance(LoginThrottle.Policy.DEFAULT_MAX_BACKOFF.minusMillis(1));
        assertThat(throttle.throttled("bed-1", HOME)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.throttled("bed-1", HOME)).isFalse();
    }

    @Test
    void aSuccessForgivesTheDevice() {
        failTimes("bed-1", HOME, 4);
        throttle.succeeded("bed-1");
        failTimes("bed-1", HOME, 4);
        assertThat(throttle.throttled("bed-1", HOME)).isFalse();
    }

    @Test
    void failuresSpreadOverMoreThanAWindowAreForgiven() {
        failTimes("bed-1", HOME, 4);
        clock.advance(Duration.ofSeconds(61));
        throttle.failed("bed-1", HOME);
        assertThat(throttle.throttled("bed-1", HOME)).isFalse();
    }

    @Test
    void anAddressGuessingManyIdsIsRefusedForAllOfThem() {
        for (int i = 0; i < LoginThrottle.Policy.DEFAULT_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("guess-" + i, HOME); // unknown ids count as known ones do
        }
        assertThat(throttle.throttled("bed-1", HOME)).isTrue();
        assertThat(throttle.throttled("bed-1", ELSEWHERE)).isFalse();
        throttle.succeeded("bed-1");
        assertThat(throttle.throttled("coffee-1", HOME)).as("a success does not forgive the address").isTrue();
    }

    @Test
    void userNamesNoDeviceCanHaveShareOneRecord() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("x".repeat(10_000) + i, Optional.empty());
        }
        assertThat(throttle.throttled("y".repeat(70), Optional.empty())).isTrue();
        assertThat(throttle.throttled("bed-1", Optional.empty())).isFalse();
    }

    private void failTimes(String deviceId, Optional<InetAddress> from, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(deviceId, from);
        }
    }

    private static Optional<InetAddress> address(int a, int b, int c, int d) {
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
