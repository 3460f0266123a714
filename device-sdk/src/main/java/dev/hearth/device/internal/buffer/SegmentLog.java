package dev.hearth.device.internal.buffer;

import dev.hearth.device.BufferStats;
import dev.hearth.device.OverflowPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bounded, append-only message log in one directory, that survives a restart of the process.
 *
 * <p>Layout: segment files {@code <first seq, 20 digits>.seg} holding records ({@link RecordCodec}),
 * a {@code head} file with the sequence number up to which everything was acknowledged (or
 * dropped) ({@link HeadFile}), and a {@code lock} file held while open, so two devices cannot
 * share the directory ({@link DirectoryLock}). A segment is deleted once the head passes its last record; when the
 * log is full, {@link OverflowPolicy#DROP_OLDEST} deletes the oldest segment (segments are
 * 1/16 of the capacity, so that is the granularity of dropping).
 *
 * <p>Durability: every append and head update is a plain {@code write} to the OS, so it survives
 * the JVM crashing or being killed. {@link #sync()} forces it to the storage device; the owner
 * calls it about once a second and on close, and every finished segment is forced when it is
 * rolled. A power cut can so lose up to the last second of appends, and resend up to a second of
 * acknowledged messages. Fsync per message would wear an SD card and cap throughput at the
 * card's latency.
 *
 * <p>Crash safety: on open every segment is scanned; the first record that is short or fails its
 * CRC ends the segment (the file is truncated there, a torn last append being the usual case).
 * An unreadable head file means "nothing acknowledged": everything is resent, nothing lost.
 *
 * <p>Thread-safe: one lock; appends and reads are short positional I/O.
 *
 * <p>It stays whole (about 350 lines) because what is left is one invariant under that
 * lock: the segments, the head and the reader's position move together on every append,
 * acknowledgement, drop and read; split, each piece would need the others' state.
 */
public final class SegmentLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SegmentLog.class.getName());
    private static final String SUFFIX = ".seg";
    private static final int SEGMENTS_PER_LOG = 16;
    private static final long MIN_SEGMENT = 4 * 1024;
    private static final long MAX_SEGMENT = 8 * 1024 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final OverflowPolicy policy;
    private final DirectoryLock lock;
    private final HeadFile headFile;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private Segment active;
    private long nextSeq;
    private long head; // everything <= head is acknowledged or dropped
    private long totalBytes;
    private long dropped;
    private boolean dirty;
    private boolean closed;

    private Segment readerSegment; // null: locate before reading
    private long readerPosition;
    private long readerSeq;

    private SegmentLog(Path dir, long maxBytes, OverflowPolicy policy, DirectoryLock lock, HeadFile headFile) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.min(MAX_SEGMENT, Math.max(MIN_SEGMENT, maxBytes / SEGMENTS_PER_LOG));
        this.policy = policy;
        this.lock = lock;
        this.headFile = headFile;
    }

    /**
     * Opens (or creates) the log in {@code dir}.
     *
     * @throws IllegalStateException if another open log (in this or another process) holds the directory
     * @throws UncheckedIOException if the directory cannot be used
     */
    public static SegmentLog open(Path dir, long maxBytes, OverflowPolicy policy) {
        if (maxBytes < MIN_SEGMENT * 2) {
            throw new IllegalArgumentException("a buffer needs at least " + MIN_SEGMENT * 2 + " bytes, was " + maxBytes);
        }
        DirectoryLock lock = null;
        try {
            Files.createDirectories(dir);
            lock = DirectoryLock.acquire(dir);
            SegmentLog log = new SegmentLog(dir, maxBytes, policy, lock, HeadFile.open(dir));
            log.recover();
            return log;
        } catch (IOException e) {
            if (lock != null) {
                lock.release();
            }
            throw new UncheckedIOException("cannot open the buffer in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void recover() throws IOException {
        long storedHead = headFile.read();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        long expected = -1;
        for (Path file : files) {
            Segment segment = Segment.scan(file, expected);
            if (segment.isEmpty()) {
                segment.deleteFile();
                continue;
            }
            if (expected > 0 && segment.firstSeq > expected) {
                dropped += segment.firstSeq - expected;
                LOG.log(Level.WARNING, "buffer {0}: {1} messages lost to a damaged segment", dir, segment.firstSeq - expected);
            }
            segments.put(segment.firstSeq, segment);
            totalBytes += segment.size;
            expected = segment.lastSeq + 1;
        }
        long oldest = segments.isEmpty() ? Math.max(1, storedHead + 1) : segments.firstKey();
        nextSeq = segments.isEmpty() ? oldest : segments.lastEntry().getValue().lastSeq + 1;
        // No valid head, or one from before the oldest segment (dropped): resend all there is.
        head = storedHead < 0 || storedHead < oldest - 1 || storedHead >= nextSeq ? oldest - 1 : storedHead;
        writeHead();
        deleteConsumedSegments();
        Map.Entry<Long, Segment> last = segments.lastEntry();
        if (last != null && last.getValue().size < segmentBytes) {
            active = last.getValue();
        } else {
            roll();
        }
        readerSeq = head + 1;
        if (buffered() > 0) {
            LOG.log(Level.INFO, "buffer {0}: {1} messages to send from an earlier run", dir, buffered());
        }
    }

    /**
     * Appends a message, applying the overflow policy when full.
     *
     * @return false if the message was dropped (full under {@link OverflowPolicy#DROP_NEWEST}, or
     *     larger than the whole buffer)
     */
    public synchronized boolean append(String topic, boolean retained, byte[] payload) {
        requireOpen();
        ByteBuffer record = RecordCodec.encode(nextSeq, topic, retained, payload);
        int length = record.remaining();
        if (length > maxBytes - segmentBytes) {
            dropped++;
            LOG.log(Level.WARNING, "buffer {0}: dropped a message of {1} bytes on {2}: larger than the buffer", dir, length, topic);
            return false;
        }
        try {
            while (totalBytes + length > maxBytes) {
                if (policy == OverflowPolicy.DROP_NEWEST) {
                    dropped++;
                    return false;
                }
                dropOldestSegment();
            }
            if (active.size > 0 && active.size + length > segmentBytes) {
                roll();
            }
            active.append(record, nextSeq);
            totalBytes += length;
            nextSeq++;
            dirty = true;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the buffer in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** True when {@link #next()} would return a message. */
    public synchronized boolean hasNext() {
        return !closed && Math.max(readerSeq, head + 1) < nextSeq;
    }

    /** The next message after the last one read, in order; empty when all were read. */
    public synchronized Optional<BufferedMessage> next() {
        requireOpen();
        if (readerSeq <= head) { // dropped under the reader's feet
            readerSeq = head + 1;
            readerSegment = null;
        }
        if (readerSeq >= nextSeq) {
            return Optional.empty();
        }
        try {
            if (readerSegment == null || readerSegment.deleted || readerSeq > readerSegment.lastSeq) {
                locateReader();
                if (readerSeq >= nextSeq) {
                    return Optional.empty();
                }
            }
            Optional<RecordCodec.Decoded> decoded = RecordCodec.read(readerSegment.channel, readerPosition, readerSegment.size);
            if (decoded.isEmpty() || decoded.get().message().seq() != readerSeq) {
                throw new IOException("record " + readerSeq + " is unreadable in " + readerSegment.path);
            }
            readerPosition += decoded.get().length();
            readerSeq++;
            return Optional.of(decoded.get().message());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the buffer in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void locateReader() throws IOException {
        Map.Entry<Long, Segment> floor = segments.floorEntry(readerSeq);
        Segment segment = floor == null ? null : floor.getValue();
        if (segment == null || segment.lastSeq < readerSeq) { // in a gap left by corruption: skip it
            segment = segments.higherEntry(readerSeq).getValue();
            readerSeq = segment.firstSeq;
        }
        Segment found = segment;
        long position = 0;
        for (long seq = found.firstSeq; seq < readerSeq; seq++) {
            position += RecordCodec.read(found.channel, position, found.size).orElseThrow(
                    () -> new IOException("cannot find record " + readerSeq + " in " + found.path)).length();
        }
        readerSegment = found;
        readerPosition = position;
    }

    /** Reads again from the first message not yet acknowledged: what a new connection must resend. */
    public synchronized void rewind() {
        readerSeq = head + 1;
        readerSegment = null;
    }

    /** Everything up to and including {@code seq} reached the broker: forget it. */
    public synchronized void acknowledge(long seq) {
        if (closed || seq <= head) {
            return;
        }
        head = Math.min(seq, nextSeq - 1);
        try {
            writeHead();
            deleteConsumedSegments();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the buffer in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A message the broker refused for good: counted with those the overflow policy dropped. */
    public synchronized void countDropped() {
        dropped++;
    }

    public synchronized BufferStats stats() {
        return new BufferStats(buffered(), totalBytes, dropped);
    }

    /** Forces what was written to the storage device, if anything was since the last time. */
    public synchronized void sync() {
        if (closed || !dirty) {
            return;
        }
        try {
            active.channel.force(false);
            headFile.force();
            dirty = false;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "buffer {0}: cannot sync: {1}", dir, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        sync();
        closed = true;
        segments.values().forEach(s -> closeQuietly(s.channel));
        headFile.close();
        lock.release();
    }

    /** Counted per segment, so a gap left by corruption is not counted as buffered. */
    private long buffered() {
        long count = 0;
        for (Segment s : segments.values()) {
            count += Math.max(0, s.lastSeq - Math.max(head, s.firstSeq - 1));
        }
        return count;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer in " + dir + " is closed");
        }
    }

    private void dropOldestSegment() throws IOException {
        Segment oldest = segments.firstEntry().getValue();
        if (oldest == active) {
            roll();
        }
        long lost = Math.max(0, oldest.lastSeq - Math.max(head, oldest.firstSeq - 1));
        dropped += lost;
        LOG.log(Level.DEBUG, "buffer {0} full: dropped the {1} oldest messages", dir, lost);
        head = Math.max(head, oldest.lastSeq);
        writeHead();
        removeSegment(oldest);
    }

    private void deleteConsumedSegments() throws IOException {
        while (!segments.isEmpty()) {
            Segment oldest = segments.firstEntry().getValue();
            if (oldest == active || oldest.lastSeq > head) {
                return;
            }
            removeSegment(oldest);
        }
    }

    private void removeSegment(Segment segment) throws IOException {
        segments.remove(segment.firstSeq);
        totalBytes -= segment.size;
        segment.deleteFile();
    }

    private void roll() throws IOException {
        if (active != null) {
            active.channel.force(false); // a finished segment is durable before it is left behind
        }
        active = Segment.create(dir.resolve(String.format("%020d%s", nextSeq, SUFFIX)), nextSeq);
        segments.put(active.firstSeq, active);
    }

    private void writeHead() throws IOException {
        headFile.write(head);
        dirty = true;
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
