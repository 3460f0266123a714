package dev.hearth.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.hub.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandIdWindowTest {
    private static final Instant START = Instant.parse("2026-03-01T07:00:00Z");
    private final MutableClock clock = new MutableClock(START);

    @Test
    void anIdIsFirstOnceWhileItsCommandCanStillBeDelivered() {
        CommandIdWindow window = new CommandIdWindow(10, clock);
        assertThat(window.firstTime("c-1", START.plusSeconds(5))).isTrue();
        assertThat(window.firstTime("c-1", START.plusSeconds(5))).isFalse();
        assertThat(window.firstTime("c-2", START.plusSeconds(5))).isTrue();
        clock.advance(Duration.ofSeconds(4));
        assertThat(window.firstTime("c-1", START.plusSeconds(5))).isFalse();
    }

    @Test
    void anIdIsForgottenOnceItsCommandExpired() {
        CommandIdWindow window = new CommandIdWindow(10, clock);
        window.firstTime("c-1", START.plusSeconds(5));
        window.firstTime("c-2", START.plusSeconds(60));
        clock.advance(Duration.ofSeconds(5));
        assertThat(window.firstTime("c-3", START.plusSeconds(70))).isTrue();
        assertThat(window.size()).isEqualTo(2); // c-2 and c-3: c-1 expired, its redelivery is dropped as expired
    }

    @Test
    void pastItsCapacityTheIdThatExpiresFirstIsForgotten() {
        CommandIdWindow window = new CommandIdWindow(2, clock);
        window.firstTime("late", START.plusSeconds(60));
        window.firstTime("soon", START.plusSeconds(5));
        window.firstTime("third", START.plusSeconds(30));
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.firstTime("late", START.plusSeconds(60))).isFalse();
        assertThat(window.firstTime("third", START.plusSeconds(30))).isFalse();
    }

    @Test
    void aWindowHoldsAtLeastOneId() {
        assertThatThrownBy(() -> new CommandIdWindow(0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
