package dev.hearth.device.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.device.BufferStats;
import dev.hearth.device.OverflowPolicy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {
    private static final long SMALL = 64 * 1024; // segments of 4 KiB
    @TempDir
    Path dir;

    private static byte[] payload(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void append(SegmentLog log, int from, int to) {
        for (int n = from; n <= to; n++) {
            assertThat(log.append("devices/d/telemetry", false, payload(n))).isTrue();
        }
    }

    /** Reads everything left, acknowledging as it goes when asked. */
    private static List<String> drain(SegmentLog log, boolean acknowledge) {
        List<String> out = new ArrayList<>();
        for (Optional<BufferedMessage> m = log.next(); m.isPresent(); m = log.next()) {
            out.add(m.get().utf8Payload());
            if (acknowledge) {
                log.acknowledge(m.get().seq());
            }
        }
        return out;
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.add("{\"n\":" + n + "}");
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void readsBackInOrderWithTopicAndRetainedFlag() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            log.append("devices/d/state", true, payload(1));
            log.append("devices/d/telemetry", false, payload(2));

            BufferedMessage first = log.next().orElseThrow();
            BufferedMessage second = log.next().orElseThrow();
            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.topic()).isEqualTo("devices/d/state");
            assertThat(first.retained()).isTrue();
            assertThat(second.seq()).isEqualTo(2);
            assertThat(second.retained()).isFalse();
            assertThat(log.next()).isEmpty();
            assertThat(log.hasNext()).isFalse();
        }
    }

    @Test
    void whatWasNotAcknowledgedSurvivesAReopenAndSequenceNumbersGoOn() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 500); // several segments
            for (int i = 0; i < 200; i++) {
                log.acknowledge(log.next().orElseThrow().seq());
            }
            assertThat(log.stats().buffered()).isEqualTo(300);
        }
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            assertThat(log.stats().buffered()).isEqualTo(300);
            append(log, 501, 510);
            List<String> out = new ArrayList<>();
            for (Optional<BufferedMessage> m = log.next(); m.isPresent(); m = log.next()) {
                out.add(m.get().utf8Payload());
                if (m.get().seq() == 510) {
                    assertThat(m.get().seq()).isEqualTo(510); // numbering continued
                }
            }
            assertThat(out).isEqualTo(expected(201, 510));
        }
    }

    @Test
    void acknowledgedSegmentsAreDeleted() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 1000);
            assertThat(segments()).hasSizeGreaterThan(2);
            assertThat(drain(log, true)).isEqualTo(expected(1, 1000));
            assertThat(segments()).hasSize(1); // the one being written
            assertThat(log.stats().buffered()).isZero();
            assertThat(log.stats().bytes()).isLessThanOrEqualTo(4 * 1024);
        }
    }

    @Test
    void rewindReadsAgainFromTheFirstUnacknowledged() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 300);
            for (int i = 0; i < 120; i++) {
                BufferedMessage m = log.next().orElseThrow();
                if (m.seq() <= 100) {
                    log.acknowledge(m.seq());
                }
            }
            log.rewind();
            assertThat(drain(log, false)).isEqualTo(expected(101, 300));
        }
    }

    @Test
    void aTornLastRecordIsDetectedAndSkippedOnOpen() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 10);
        }
        Path last = segments().get(segments().size() - 1);
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.setLength(file.length() - 3); // the crash came in the middle of appending record 10
        }
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            assertThat(log.stats().buffered()).isEqualTo(9);
            log.append("devices/d/telemetry", false, payload(11));
            assertThat(drain(log, false)).containsExactly(
                    "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}", "{\"n\":7}", "{\"n\":8}", "{\"n\":9}",
                    "{\"n\":11}");
        }
    }

    @Test
    void aCorruptRecordEndsItsSegmentAndTheRestIsKept() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 1000);
        }
        Path first = segments().get(0);
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f});
        }
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            List<String> out = drain(log, true);
            BufferStats stats = log.stats();
            List<Integer> numbers = out.stream().map(p -> Integer.parseInt(p.replaceAll("\\D", ""))).toList();
            assertThat(numbers).startsWith(1).endsWith(1000).isSorted().doesNotHaveDuplicates();
            assertThat(out.size() + stats.dropped()).isEqualTo(1000);
            assertThat(stats.dropped()).isPositive();
        }
    }

    @Test
    void anUnreadableHeadFileMeansResendEverythingNotLoseIt() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 20);
            for (int i = 0; i < 5; i++) {
                log.acknowledge(log.next().orElseThrow().seq());
            }
        }
        Files.write(dir.resolve("head"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            assertThat(drain(log, false)).isEqualTo(expected(1, 20));
        }
    }

    @Test
    void whenFullDropOldestDiscardsTheOldestSegmentAndCountsIt() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 10_000);
            BufferStats stats = log.stats();
            assertThat(stats.bytes()).isLessThanOrEqualTo(SMALL);
            assertThat(stats.dropped()).isPositive();
            assertThat(stats.buffered() + stats.dropped()).isEqualTo(10_000);
            List<String> out = drain(log, true);
            assertThat(out).hasSize((int) stats.buffered()).endsWith("{\"n\":10000}");
            assertThat(out.get(0)).isEqualTo("{\"n\":" + (stats.dropped() + 1) + "}"); // the newest were kept, in order
        }
    }

    @Test
    void whenFullDropNewestRefusesAndKeepsWhatIsThere() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_NEWEST)) {
            int accepted = 0;
            for (int n = 1; n <= 10_000; n++) {
                if (log.append("devices/d/telemetry", false, payload(n))) {
                    accepted++;
                }
            }
            BufferStats stats = log.stats();
            assertThat(stats.bytes()).isLessThanOrEqualTo(SMALL);
            assertThat(stats.buffered()).isEqualTo(accepted);
            assertThat(stats.dropped()).isEqualTo(10_000 - accepted);
            assertThat(drain(log, true)).isEqualTo(expected(1, accepted));
            assertThat(log.append("devices/d/telemetry", false, payload(0))).isTrue(); // room again
        }
    }

    @Test
    void aMessageLargerThanTheBufferIsDroppedNotWritten() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            append(log, 1, 3);
            assertThat(log.append("devices/d/telemetry", false, new byte[(int) SMALL])).isFalse();
            assertThat(log.stats().dropped()).isEqualTo(1);
            assertThat(drain(log, false)).isEqualTo(expected(1, 3));
        }
    }

    @Test
    void oneDirectoryServesOneLogAtATime() {
        try (SegmentLog log = SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST)) {
            assertThatThrownBy(() -> SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another device");
        }
        SegmentLog.open(dir, SMALL, OverflowPolicy.DROP_OLDEST).close(); // free again once closed
    }
}
