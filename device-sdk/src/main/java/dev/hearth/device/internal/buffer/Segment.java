package dev.hearth.device.internal.buffer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** One segment file and what the log knows about it. */
final class Segment {
    private static final System.Logger LOG = System.getLogger(Segment.class.getName());

    final Path path;
    final FileChannel channel;
    final long firstSeq;
    long lastSeq; // firstSeq - 1 while empty
    long size;
    boolean deleted;

    private Segment(Path path, FileChannel channel, long firstSeq, long lastSeq, long size) {
        this.path = path;
        this.channel = channel;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.size = size;
    }

    static Segment create(Path path, long firstSeq) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(path, channel, firstSeq, firstSeq - 1, 0);
    }

    /** Reads every record; truncates the file at the first that is torn, corrupt or out of sequence. */
    static Segment scan(Path path, long expectedFirst) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long fileSize = channel.size();
        long position = 0;
        long first = -1;
        long last = -1;
        while (true) {
            Optional<RecordCodec.Decoded> decoded = RecordCodec.read(channel, position, fileSize);
            if (decoded.isEmpty()) {
                break;
            }
            long seq = decoded.get().message().seq();
            // Within a segment records are consecutive; a later segment may start after a gap
            // (records lost to corruption in an earlier one), never before.
            boolean inSequence = last < 0 ? seq >= expectedFirst : seq == last + 1;
            if (!inSequence) {
                break;
            }
            if (first < 0) {
                first = seq;
            }
            last = seq;
            position += decoded.get().length();
        }
        if (position < fileSize) {
            LOG.log(Level.WARNING, "buffer segment {0}: skipped {1} bytes after the last intact record (torn write?)",
                    path, fileSize - position);
            channel.truncate(position);
            channel.force(false);
        }
        if (first < 0) {
            return new Segment(path, channel, Math.max(1, expectedFirst), Math.max(1, expectedFirst) - 1, 0);
        }
        return new Segment(path, channel, first, last, position);
    }

    boolean isEmpty() {
        return size == 0;
    }

    void append(ByteBuffer record, long seq) throws IOException {
        long position = size;
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
        size = position;
        lastSeq = seq;
    }

    void deleteFile() throws IOException {
        deleted = true;
        channel.close();
        Files.deleteIfExists(path);
    }
}
