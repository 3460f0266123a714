package dev.hearth.rules.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    private static final Instant START = Instant.parse("2025-01-06T06:00:00Z");
    private final VirtualTime time = VirtualTime.at(START, ZoneId.of("Europe/Paris"));
    private final List<String> log = new ArrayList<>();

    @Test
    void theClockStandsStillUntilAdvanced() {
        assertThat(time.clock().instant()).isEqualTo(START);
        assertThat(ZonedDateTime.now(time.clock()).getHour()).isEqualTo(7);

        time.advance(Duration.ofMinutes(5));

        assertThat(time.clock().instant()).isEqualTo(START.plusSeconds(300));
        assertThat(time.clock().withZone(ZoneId.of("UTC")).instant()).isEqualTo(START.plusSeconds(300));
    }

    @Test
    void advanceRunsDueTasksInOrderAtTheirOwnTime() {
        time.schedule(() -> log.add("b at " + elapsed()), 2, TimeUnit.SECONDS);
        time.schedule(() -> log.add("a at " + elapsed()), 1, TimeUnit.SECONDS);
        time.schedule(() -> log.add("c at " + elapsed()), 2, TimeUnit.SECONDS);
        time.schedule(() -> log.add("late"), 10, TimeUnit.SECONDS);

        time.advance(Duration.ofSeconds(5));

        assertThat(log).containsExactly("a at PT1S", "b at PT2S", "c at PT2S");
        assertThat(elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(time.pendingTasks()).isEqualTo(1);
        assertThat(time.nextDue()).contains(START.plusSeconds(10));
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
        time.schedule(() -> {
            log.add("first");
            time.schedule(() -> log.add("second at " + elapsed()), 1, TimeUnit.SECONDS);
            time.execute(() -> log.add("now at " + elapsed()));
        }, 1, TimeUnit.SECONDS);

        time.advance(Duration.ofSeconds(3));

        assertThat(log).containsExactly("first", "now at PT1S", "second at PT2S");
    }

    @Test
    void executedTasksWaitForRunPending() throws Exception {
        time.execute(() -> log.add("executed"));
        Future<String> submitted = time.submit(() -> "submitted");
        assertThat(log).isEmpty();
        assertThat(submitted).isNotDone();

        assertThat(time.runPending()).isEqualTo(2);

        assertThat(log).containsExactly("executed");
        assertThat(submitted.get()).isEqualTo("submitted");
        assertThat(elapsed()).isZero();
    }

    @Test
    void aCancelledTaskNeverRuns() {
        ScheduledFuture<?> task = time.schedule(() -> log.add("ran"), 1, TimeUnit.SECONDS);
        assertThat(task.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1000);

        assertThat(task.cancel(false)).isTrue();
        time.advance(Duration.ofSeconds(2));

        assertThat(log).isEmpty();
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void periodicTasksRepeat() {
        ScheduledFuture<?> rate = time.scheduleAtFixedRate(() -> log.add("rate " + elapsed()), 1, 2, TimeUnit.SECONDS);
        time.scheduleWithFixedDelay(() -> log.add("delay " + elapsed()), 0, 3, TimeUnit.SECONDS);

        time.advance(Duration.ofSeconds(6));
        rate.cancel(false);
        time.advance(Duration.ofSeconds(2));

        assertThat(log).containsExactly("delay PT0S", "rate PT1S", "delay PT3S", "rate PT3S", "rate PT5S",
                "delay PT6S");
    }

    @Test
    void anExecutedTaskThatThrowsFailsTheCaller() {
        time.execute(() -> {
            throw new IllegalStateException("bug in a task");
        });

        assertThatThrownBy(time::runPending).isInstanceOf(IllegalStateException.class).hasMessage("bug in a task");
    }

    @Test
    void aSubmittedTaskThatThrowsFailsItsFuture() {
        Future<Object> future = time.submit(() -> {
            throw new IllegalStateException("bug");
        });

        time.runPending();

        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class);
    }

    @Test
    void timeDoesNotGoBack() {
        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShutDownSchedulerRefusesTasks() {
        time.schedule(() -> log.add("pending"), 1, TimeUnit.SECONDS);

        assertThat(time.shutdownNow()).hasSize(1);

        assertThat(time.isTerminated()).isTrue();
        assertThatThrownBy(() -> time.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    private Duration elapsed() {
        return Duration.between(START, time.now());
    }
}
