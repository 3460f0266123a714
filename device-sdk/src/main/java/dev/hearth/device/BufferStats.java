package dev.hearth.device;

/**
 * The store-and-forward buffer at one moment.
 *
 * @param buffered messages written to disk and not yet acknowledged by the broker
 * @param bytes disk space the buffer's files take now
 * @param dropped messages discarded because the buffer was full, since this device was built
 */
public record BufferStats(long buffered, long bytes, long dropped) {
    /** A device without store-and-forward. */
    public static final BufferStats NONE = new BufferStats(0, 0, 0);

    public BufferStats {
        if (buffered < 0 || bytes < 0 || dropped < 0) {
            throw new IllegalArgumentException("buffer figures cannot be negative");
        }
    }
}
