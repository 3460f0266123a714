package dev.hearth.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapWatermarkTest {
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapWatermark watermark = new HeapWatermark(live::get, 1_000, collections::incrementAndGet, now::get);

    @Test
    void goesHighAtItsHighMarkAndStaysSoUntilBelowItsLowMark() {
        assertThat(after(840)).as("below the high mark").isFalse();
        assertThat(after(850)).as("at the high mark").isTrue();
        assertThat(after(650)).as("between the marks: still high, no flapping").isTrue();
        assertThat(after(599)).as("below the low mark").isFalse();
        assertThat(after(700)).as("between the marks from below: not high").isFalse();
    }

    @Test
    void whileHighItAsksForAFullCollectionASecondToSeeTheFloodEnd() {
        after(900);
        assertThat(collections).as("none at the alarm itself").hasValue(0);
        now.addAndGet(500_000_000L);
        after(900);
        assertThat(collections).as("not within the second").hasValue(0);
        now.addAndGet(500_000_000L);
        after(100);
        assertThat(collections).as("a second on").hasValue(1);
        assertThat(watermark.high()).isFalse();
        now.addAndGet(5_000_000_000L);
        after(100);
        assertThat(collections).as("never while not high").hasValue(1);
    }

    private boolean after(long bytes) {
        live.set(bytes);
        watermark.run();
        return watermark.high();
    }
}
