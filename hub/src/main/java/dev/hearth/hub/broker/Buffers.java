package dev.hearth.hub.broker;

import java.nio.ByteBuffer;

/** HiveMQ hands out read-only buffers that others read too: copy without moving their position. */
final class Buffers {
    private Buffers() {
    }

    static byte[] copy(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
