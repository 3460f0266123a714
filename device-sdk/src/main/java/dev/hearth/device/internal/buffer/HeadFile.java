package dev.hearth.device.internal.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * A log's {@code head} file: the sequence number up to which everything was acknowledged (or
 * dropped), written in place with its CRC, so that a torn write reads as no head at all.
 */
final class HeadFile {
    private static final int LENGTH = 12;

    private final FileChannel channel;

    private HeadFile(FileChannel channel) {
        this.channel = channel;
    }

    static HeadFile open(Path dir) throws IOException {
        return new HeadFile(FileChannel.open(dir.resolve("head"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /** The stored head; -1 when there is none, or it is short or fails its CRC. */
    long read() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read what there is
        }
        if (buffer.hasRemaining()) {
            return -1;
        }
        long seq = buffer.getLong(0);
        return crc(seq) == buffer.getInt(8) && seq >= 0 ? seq : -1;
    }

    /** A plain write to the OS: it survives the process, not a power cut, until {@link #force()}. */
    void write(long head) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH).putLong(head).putInt(crc(head)).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    void close() {
        SegmentLog.closeQuietly(channel);
    }

    private static int crc(long value) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(8).putLong(value).array());
        return (int) crc.getValue();
    }
}
