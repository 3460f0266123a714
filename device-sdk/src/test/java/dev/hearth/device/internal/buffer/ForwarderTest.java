package dev.hearth.device.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.OverflowPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forwarder against a fake link whose acknowledgements the test hands out. */
class ForwarderTest {
    @TempDir
    Path dir;
    private Forwarder forwarder;

    /** Records what was published; the test settles the outcomes. */
    private static final class FakeLink implements Forwarder.Link {
        final List<Long> published = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<Consumer<Forwarder.Outcome>> awaiting = new ConcurrentLinkedQueue<>();

        @Override
        public void publish(BufferedMessage message, Consumer<Forwarder.Outcome> outcome) {
            published.add(message.seq());
            awaiting.add(outcome);
        }

        void settleAll(Forwarder.Outcome outcome) {
            for (Consumer<Forwarder.Outcome> o = awaiting.poll(); o != null; o = awaiting.poll()) {
                o.accept(outcome);
            }
        }
    }

    @BeforeEach
    void open() {
        forwarder = new Forwarder(SegmentLog.open(dir, 1024 * 1024, OverflowPolicy.DROP_OLDEST), 4, "test-forwarder");
    }

    @AfterEach
    void close() {
        forwarder.close();
    }

    private void offer(int count) {
        for (int i = 1; i <= count; i++) {
            forwarder.offer("devices/d/telemetry", false, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void nothingIsSentWhileDisconnectedAndAllInOrderOnceConnected() {
        offer(10);
        assertThat(forwarder.stats().buffered()).isEqualTo(10);

        FakeLink link = new FakeLink();
        forwarder.connected(link);
        await().until(() -> {
            link.settleAll(Forwarder.Outcome.DELIVERED);
            return forwarder.stats().buffered() == 0;
        });
        assertThat(link.published).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void noMoreThanTheWindowAwaitsAcknowledgement() {
        offer(10);
        FakeLink link = new FakeLink();
        forwarder.connected(link);

        await().until(() -> link.published.size() == 4);
        assertThat(link.awaiting).hasSize(4); // and no fifth, until one is settled
        link.awaiting.poll().accept(Forwarder.Outcome.DELIVERED);
        await().until(() -> link.published.size() == 5);
        assertThat(forwarder.stats().buffered()).isEqualTo(9);
    }

    @Test
    void aLostConnectionStopsSendingAndTheNextResendsFromTheFirstUnacknowledged() {
        offer(10);
        FakeLink first = new FakeLink();
        forwarder.connected(first);
        await().until(() -> first.published.size() == 4);
        first.awaiting.poll().accept(Forwarder.Outcome.DELIVERED); // 1 arrived
        first.awaiting.poll().accept(Forwarder.Outcome.LOST); // 2 did not: the connection went
        first.settleAll(Forwarder.Outcome.DELIVERED); // late acks of a dead link count for nothing

        FakeLink second = new FakeLink();
        forwarder.connected(second);
        await().until(() -> {
            second.settleAll(Forwarder.Outcome.DELIVERED);
            return forwarder.stats().buffered() == 0;
        });
        assertThat(second.published).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(first.published).hasSizeLessThanOrEqualTo(5); // 1-4, maybe 5: nothing beyond the window
    }

    @Test
    void aMessageTheBrokerRefusesIsSkippedAndCounted() {
        offer(3);
        FakeLink link = new FakeLink();
        forwarder.connected(link);
        await().until(() -> link.awaiting.size() == 3);
        link.awaiting.poll().accept(Forwarder.Outcome.DELIVERED);
        link.awaiting.poll().accept(Forwarder.Outcome.REFUSED);
        link.awaiting.poll().accept(Forwarder.Outcome.DELIVERED);

        await().until(() -> forwarder.stats().buffered() == 0);
        assertThat(forwarder.stats().dropped()).isEqualTo(1);
    }

    @Test
    void aLinkThatThrowsCountsAsLost() {
        offer(2);
        forwarder.connected((message, outcome) -> {
            throw new IllegalStateException("not connected");
        });
        FakeLink next = new FakeLink();
        await().untilAsserted(() -> assertThat(forwarder.stats().buffered()).isEqualTo(2));
        forwarder.connected(next);
        await().until(() -> {
            next.settleAll(Forwarder.Outcome.DELIVERED);
            return forwarder.stats().buffered() == 0;
        });
        assertThat(next.published).containsExactly(1L, 2L);
    }
}
