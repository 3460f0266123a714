package dev.hearth.device.internal.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The on-disk shape of one record:
 * {@code int bodyLength, int crc32(body), body = long seq, byte flags, short topicLength, topic, payload}.
 * The CRC is what tells a torn or half-written record (a crash mid-append) from a good one.
 */
final class RecordCodec {
    static final int HEADER = 8;
    private static final int BODY_FIXED = 8 + 1 + 2;
    private static final byte RETAINED = 1;
    /** Larger lengths are garbage, not records: no payload we buffer comes near it. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    private RecordCodec() {
    }

    static ByteBuffer encode(long seq, String topic, boolean retained, byte[] payload) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic too long");
        }
        int bodyLength = BODY_FIXED + topicBytes.length + payload.length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + bodyLength);
        buffer.putInt(bodyLength).putInt(0)
                .putLong(seq).put(retained ? RETAINED : 0).putShort((short) topicBytes.length).put(topicBytes).put(payload);
        buffer.putInt(4, crc(buffer.array(), HEADER, bodyLength));
        return buffer.flip();
    }

    /** The record at {@code position}, or empty when what is there is not a whole, intact record. */
    static Optional<Decoded> read(FileChannel channel, long position, long fileSize) throws IOException {
        if (fileSize - position < HEADER) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, position);
        int bodyLength = header.getInt(0);
        int crc = header.getInt(4);
        if (bodyLength < BODY_FIXED || bodyLength > MAX_BODY || fileSize - position - HEADER < bodyLength) {
            return Optional.empty();
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        readFully(channel, body, position + HEADER);
        if (crc(body.array(), 0, bodyLength) != crc) {
            return Optional.empty();
        }
        body.flip();
        long seq = body.getLong();
        boolean retained = (body.get() & RETAINED) != 0;
        int topicLength = body.getShort();
        if (topicLength < 0 || topicLength > body.remaining() || seq < 1) {
            return Optional.empty();
        }
        byte[] topic = new byte[topicLength];
        body.get(topic);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        return Optional.of(new Decoded(new BufferedMessage(seq, new String(topic, StandardCharsets.UTF_8), retained, payload),
                HEADER + bodyLength));
    }

    record Decoded(BufferedMessage message, int length) {
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
