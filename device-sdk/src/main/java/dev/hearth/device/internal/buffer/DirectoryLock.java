package dev.hearth.device.internal.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A log's {@code lock} file, held while the log is open, so that two devices cannot share its directory. */
final class DirectoryLock {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException if another open log, in this process or another, holds {@code dir} */
    static DirectoryLock acquire(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            SegmentLog.closeQuietly(channel);
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the buffer directory " + dir + " is in use by another device");
        }
        return new DirectoryLock(channel, lock);
    }

    void release() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        SegmentLog.closeQuietly(channel);
    }
}
