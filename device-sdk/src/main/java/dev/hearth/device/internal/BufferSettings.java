package dev.hearth.device.internal;

import dev.hearth.device.OverflowPolicy;
import java.nio.file.Path;
import java.util.Objects;

/** Where and how much to buffer while the broker is out of reach. */
public record BufferSettings(Path directory, long maxBytes, OverflowPolicy policy) {
    public BufferSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        if (maxBytes < 8 * 1024) {
            throw new IllegalArgumentException("a store-and-forward buffer needs at least 8 KiB, was " + maxBytes);
        }
    }
}
