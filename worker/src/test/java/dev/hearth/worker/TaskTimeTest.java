package dev.hearth.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskTimeTest {
    static final Instant NOW = Instant.parse("2026-01-05T07:00:00Z");
    final TaskTime time = new TaskTime();

    @Test
    void anEventStampedAheadOfNowCountsAsNowAndOneFarBehindNoEarlierThanTheLagAllows() {
        assertThat(time.onEvent(NOW.plusSeconds(60), NOW)).isEqualTo(NOW);
        assertThat(time.onEvent(NOW.minusSeconds(8), NOW)).isEqualTo(NOW.minusSeconds(8));
        assertThat(time.onEvent(NOW.minus(Duration.ofHours(1)), NOW)).isEqualTo(NOW.minus(TaskTime.MAX_LAG));
    }

    @Test
    void aTickAfterRecordsReadBehindWaitsAtTheirNewestTimeAndTheNextTickCatchesUp() {
        time.onEvent(NOW.minusSeconds(20), NOW);
        time.onEvent(NOW.minusSeconds(15), NOW);
        time.onEvent(NOW.minusSeconds(18), NOW); // another hub's older event: the newest still counts

        assertThat(time.onTick(NOW.plusMillis(200))).isEqualTo(NOW.minusSeconds(15));
        assertThat(time.onTick(NOW.plusMillis(400))).isEqualTo(NOW.plusMillis(400));
    }

    @Test
    void aTickAfterARecordReadInTimeIsNow() {
        time.onEvent(NOW.minusSeconds(20), NOW);
        time.onEvent(NOW.minusMillis(300), NOW);

        assertThat(time.onTick(NOW.plusMillis(200))).isEqualTo(NOW.plusMillis(200));
    }
}
