package dev.hearth.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapWatermarkTest {
    private static final long MAX = 1_000;
    private final AtomicLong used = new AtomicLong();
    private final HeapWatermark watermark = new HeapWatermark(() -> new MemoryUsage(0, used.get(), MAX, MAX));

    @Test
    void goesHighAtItsHighMarkAndStaysSoUntilBelowItsLowMark() {
        assertThat(after(840)).as("below the high mark").isFalse();
        assertThat(after(850)).as("at the high mark").isTrue();
        assertThat(after(720)).as("between the marks: still high, no flapping").isTrue();
        assertThat(after(699)).as("below the low mark").isFalse();
        assertThat(after(720)).as("between the marks from below: not high").isFalse();
    }

    @Test
    void aHeapWithoutAMaximumIsMeasuredAgainstWhatIsCommitted() {
        HeapWatermark unbounded = new HeapWatermark(() -> new MemoryUsage(0, 900, 1_000, -1));
        unbounded.run();
        assertThat(unbounded.high()).isTrue();
    }

    private boolean after(long bytes) {
        used.set(bytes);
        watermark.run();
        return watermark.high();
    }
}
