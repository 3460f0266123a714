package dev.hearth.device.internal.buffer;

import dev.hearth.device.BufferStats;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Drains a {@link SegmentLog} into the broker, in order, with at most {@code window} messages
 * awaiting their PUBACK. A message leaves the log only once the broker acknowledged it and every
 * message before it, so the guarantee is at-least-once: after a lost connection everything
 * unacknowledged is sent again (at most {@code window} duplicates per connection loss), and after
 * a crash also what was acknowledged after the last head update that reached the disk.
 *
 * <p>One thread of its own reads and publishes; it never runs on the MQTT client's threads.
 */
public final class Forwarder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());
    private static final long SYNC_INTERVAL_MS = 1_000;
    private static final long CLOSE_WAIT_MS = 5_000;

    /** What became of one publish. */
    public enum Outcome {
        /** The broker acknowledged it. */
        DELIVERED,
        /** The broker answered with an error: sending it again would fail again, so it is skipped. */
        REFUSED,
        /** The connection went before an answer came: send it again on the next connection. */
        LOST
    }

    /** Publishes at QoS 1 on the current connection and reports the outcome exactly once, from any thread. */
    @FunctionalInterface
    public interface Link {
        void publish(BufferedMessage message, Consumer<Outcome> outcome) throws Exception;
    }

    private final SegmentLog log;
    private final int window;
    private final Object lock = new Object();
    private final TreeSet<Long> pending = new TreeSet<>();
    private final Thread thread;
    private Link link; // null while disconnected
    private long epoch; // bumped on every connect and disconnect: late outcomes of an old link are ignored
    private long lastSent;
    private volatile boolean stopped;
    private long lastSync = System.nanoTime();

    public Forwarder(SegmentLog log, int window, String threadName) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.log = log;
        this.window = window;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Appends to the log; false when the overflow policy refused it or the disk failed (logged). */
    public boolean offer(String topic, boolean retained, byte[] payload) {
        boolean appended;
        try {
            appended = log.append(topic, retained, payload);
        } catch (UncheckedIOException e) { // disk full, say: the caller gets false, as for a full buffer
            LOG.log(Level.WARNING, "cannot buffer a message on {0}: {1}", topic, e.getMessage());
            log.countDropped();
            return false;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        return appended;
    }

    /** A new connection: resend from the first unacknowledged message. */
    public void connected(Link newLink) {
        synchronized (lock) {
            epoch++;
            pending.clear();
            lastSent = 0;
            log.rewind();
            link = newLink;
            lock.notifyAll();
        }
    }

    public void disconnected() {
        synchronized (lock) {
            epoch++;
            pending.clear();
            link = null;
        }
    }

    public BufferStats stats() {
        return log.stats();
    }

    /** Waits until the log is empty or {@code timeout} passed, e.g. before a clean close; true if empty. */
    public boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (log.stats().buffered() > 0 && link != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return log.stats().buffered() == 0;
        }
    }

    private void run() {
        while (!stopped) {
            try {
                forwardOne();
            } catch (RuntimeException e) { // an I/O error reading the log: keep the thread, try again later
                LOG.log(Level.ERROR, "forwarding from the buffer failed; retrying in a second", e);
                synchronized (lock) {
                    try {
                        lock.wait(SYNC_INTERVAL_MS);
                    } catch (InterruptedException interrupted) {
                        // stopped is checked next
                    }
                }
            }
        }
    }

    /** Waits for something to do, then sends one message (or only syncs the log). */
    private void forwardOne() {
        Link current = null;
        long currentEpoch = -1;
        BufferedMessage message = null;
        synchronized (lock) {
            while (!stopped && (link == null || pending.size() >= window || !log.hasNext())) {
                try {
                    lock.wait(SYNC_INTERVAL_MS);
                } catch (InterruptedException e) {
                    if (stopped) {
                        return;
                    }
                }
                if (System.nanoTime() - lastSync > SYNC_INTERVAL_MS * 1_000_000) {
                    break; // sync outside the lock, then wait again
                }
            }
            Optional<BufferedMessage> next = stopped || link == null || pending.size() >= window ? Optional.empty() : log.next();
            if (next.isPresent()) {
                current = link;
                currentEpoch = epoch;
                message = next.get();
                pending.add(message.seq());
                lastSent = message.seq();
            }
        }
        if (message != null) {
            publish(current, currentEpoch, message);
        }
        syncNowAndThen();
    }

    private void publish(Link current, long currentEpoch, BufferedMessage message) {
        try {
            current.publish(message, outcome -> settle(currentEpoch, message, outcome));
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "forwarding message {0} failed: {1}", message.seq(), e.getMessage());
            settle(currentEpoch, message, Outcome.LOST);
        }
    }

    private void settle(long outcomeEpoch, BufferedMessage message, Outcome outcome) {
        synchronized (lock) {
            if (outcomeEpoch != epoch) {
                return; // from a connection that is gone: its messages are resent anyway
            }
            if (outcome == Outcome.LOST) {
                // Stop here; the next connect() rewinds to the first unacknowledged message.
                epoch++;
                pending.clear();
                link = null;
                return;
            }
            if (outcome == Outcome.REFUSED) {
                LOG.log(Level.WARNING, "the broker refused buffered message {0} on {1}; skipping it", message.seq(), message.topic());
                log.countDropped();
            }
            pending.remove(message.seq());
            log.acknowledge(pending.isEmpty() ? lastSent : pending.first() - 1);
            lock.notifyAll();
        }
    }

    private void syncNowAndThen() {
        long now = System.nanoTime();
        if (now - lastSync > SYNC_INTERVAL_MS * 1_000_000) {
            lastSync = now;
            log.sync();
        }
    }

    /** Stops forwarding and closes the log (forcing it to disk); what is left goes out next time. */
    @Override
    public void close() {
        stopped = true;
        synchronized (lock) {
            link = null;
            lock.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
