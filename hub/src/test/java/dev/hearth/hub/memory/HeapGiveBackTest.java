package dev.hearth.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapGiveBackTest {
    private static final long MIB = 1L << 20;
    private final AtomicLong committed = new AtomicLong(180 * MIB);
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger asked = new AtomicInteger();
    private final HeapGiveBack giveBack = new HeapGiveBack(committed::get, collections::get, () -> {
        asked.incrementAndGet();
        collections.incrementAndGet();
        committed.set(50 * MIB);
    }, now::get);

    @Test
    void onceABurstIsOverItAsksForOneCollection() {
        burst(10);
        checks(1);
        assertThat(asked).as("one quiet check is not yet quiet").hasValue(0);
        checks(1);
        assertThat(asked).as("two are").hasValue(1);
        assertThat(committed.get()).isEqualTo(50 * MIB);
        checks(20);
        assertThat(asked).as("its own collection is no burst").hasValue(1);
    }

    @Test
    void aQuietHubIsLeftAloneHoweverLargeItsHeap() {
        checks(3); // the first check sees the collections of the start: a burst
        assertThat(asked).hasValue(1);
        committed.set(180 * MIB);
        checks(20);
        assertThat(asked).as("no collection ran since: nothing allocated").hasValue(1);
    }

    @Test
    void atMostOnceAMinute() {
        checks(3);
        assertThat(asked).hasValue(1);
        committed.set(180 * MIB);
        burst(3);
        checks(10);
        assertThat(asked).as("a second burst within the minute waits").hasValue(1);
        now.addAndGet(60_000_000_000L);
        checks(1);
        assertThat(asked).as("and is given back after it").hasValue(2);
    }

    @Test
    void aHeapThatGrewLessThan32MibSinceTheLastOneIsLeftAlone() {
        checks(3);
        assertThat(asked).hasValue(1);
        now.addAndGet(60_000_000_000L);
        committed.set(80 * MIB); // 30 MiB more than it left
        burst(3);
        checks(3);
        assertThat(asked).hasValue(1);
        committed.set(83 * MIB);
        burst(3);
        checks(3);
        assertThat(asked).as("33 MiB more").hasValue(2);
    }

    private void burst(int checks) {
        for (int i = 0; i < checks; i++) {
            collections.addAndGet(5);
            giveBack.run();
        }
    }

    private void checks(int n) {
        for (int i = 0; i < n; i++) {
            giveBack.run();
        }
    }
}
