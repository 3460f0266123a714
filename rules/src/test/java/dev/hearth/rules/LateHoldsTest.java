package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.rules.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code for:} hold whose event reaches the engine late (a cluster's worker reads it after it spent seconds in
 * transit from a hub) counts from the event's time, back to the settings' backdate; never from the future, and with
 * no backdate (one process) from when the engine saw it, as before.
 */
class LateHoldsTest {
    private static final String RULES = """
            rules:
              - id: held
                when: [ { state: door-1.contact, to: open, for: 10s } ]
                then: [ { command: siren-1.beep } ]
            """;
    private static final Duration BACKDATE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private EngineHarness engine(Duration backdate) {
        return new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM),
                builder -> builder.settings(EngineSettings.DEFAULTS.withHoldBackdate(backdate)), true).rules(RULES);
    }

    private static void change(EngineHarness hub, String from, String to, Instant at) {
        hub.engine.onStateChange(new StateChange("door-1", "contact", Optional.of(TextNode.valueOf(from)),
                TextNode.valueOf(to), at));
        hub.time.runPending();
    }

    @Test
    void aHoldThatArrivedThreeSecondsLateIsDueTenSecondsAfterItsEventNotAfterItsArrival() {
        try (EngineHarness hub = engine(BACKDATE)) {
            Instant opened = hub.time.now().minusSeconds(3);
            change(hub, "closed", "open", opened);
            hub.time.advanceTo(opened.plusSeconds(10).minusMillis(1));
            assertThat(hub.sentCommands()).as("not before 10 s held").isEmpty();
            hub.time.advanceTo(opened.plusSeconds(10));
            assertThat(hub.sentCommands()).containsExactly("siren-1.beep");
            change(hub, "open", "closed", opened.plusSeconds(12)); // its release, after the deadline: nothing more
            assertThat(hub.sentCommands()).containsExactly("siren-1.beep");
        }
    }

    @Test
    void aLateHoldReleasedBeforeTenSecondsSendsNothing() {
        try (EngineHarness hub = engine(BACKDATE)) {
            Instant opened = hub.time.now().minusSeconds(3);
            change(hub, "closed", "open", opened);
            hub.time.advanceTo(opened.plusSeconds(9));
            change(hub, "open", "closed", opened.plusSeconds(9));
            hub.time.advance(Duration.ofSeconds(30));
            assertThat(hub.sentCommands()).isEmpty();
        }
    }

    @Test
    void withoutABackdateAHoldCountsFromWhenTheEngineSawIt() {
        try (EngineHarness hub = engine(Duration.ZERO)) {
            Instant seen = hub.time.now();
            change(hub, "closed", "open", seen.minusSeconds(3));
            hub.time.advanceTo(seen.plusSeconds(10).minusMillis(1));
            assertThat(hub.sentCommands()).isEmpty();
            hub.time.advanceTo(seen.plusSeconds(10));
            assertThat(hub.sentCommands()).containsExactly("siren-1.beep");
        }
    }

    @Test
    void anEventFromFurtherBackThanTheBackdateStartsItsHoldAtTheBackdate() {
        try (EngineHarness hub = engine(BACKDATE)) {
            Instant seen = hub.time.now();
            change(hub, "closed", "open", seen.minusSeconds(60)); // a hub clock a minute behind
            hub.time.advanceTo(seen.plus(Duration.ofSeconds(10)).minus(BACKDATE).minusMillis(1));
            assertThat(hub.sentCommands()).as("a hold is shortened by at most the backdate").isEmpty();
            hub.time.advanceTo(seen.plus(Duration.ofSeconds(10)).minus(BACKDATE));
            assertThat(hub.sentCommands()).containsExactly("siren-1.beep");
        }
    }

    @Test
    void anEventFromTheFutureStartsItsHoldNow() {
        try (EngineHarness hub = engine(BACKDATE)) {
            Instant seen = hub.time.now();
            change(hub, "closed", "open", seen.plusSeconds(30)); // a hub clock ahead does not postpone the hold
            hub.time.advanceTo(seen.plusSeconds(10));
            assertThat(hub.sentCommands()).containsExactly("siren-1.beep");
        }
    }

    @Test
    void aNegativeBackdateIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EngineSettings.DEFAULTS.withHoldBackdate(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdBackdate");
    }
}
