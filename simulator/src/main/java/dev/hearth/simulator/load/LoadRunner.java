package dev.hearth.simulator.load;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Drives a load run ({@link LoadOptions}) on the calling thread and returns its {@link LoadReport}.
 * Logins connect spread over the ramp-up (a bridge's devices come in with it), each device publishing {@code rate / devices} messages per
 * second once connected, so the total reaches {@code rate} when all are in. About once a second
 * a progress line goes to {@code progress}. Every device is connected, however long the broker takes
 * to let them in (a hub checks each password with bcrypt): those still connecting when the publishing
 * phase ends are waited for, each within its connect timeout, so that the report's count is what the
 * broker accepted, not what the time allowed. Then the run waits (up to {@link #DRAIN}) for
 * outstanding PUBACKs and disconnects every device.
 */
public final class LoadRunner {
    static final Duration DRAIN = Duration.ofSeconds(10);
    private static final long TICK_NANOS = 1_000_000;
    private static final int CONNECTS_AT_ONCE = 32;
    private static final long CONNECTOR_WAIT_MILLIS = 600_000;

    private final LoadOptions options;
    private final PrintStream progress;

    public LoadRunner(LoadOptions options, PrintStream progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    public LoadReport run() {
        List<Credentials> logins = options.logins();
        List<Slot> slots = new ArrayList<>(options.devices());
        for (int login = 0; login < logins.size(); login++) {
            for (int member = 0; member < logins.get(login).deviceCount(); member++) {
                slots.add(new Slot(login, member));
            }
        }
        LoadStats stats = new LoadStats();
        AtomicReferenceArray<LoadConnection> connections = new AtomicReferenceArray<>(logins.size());
        boolean plainTcp = "tcp".equals(URI.create(options.serverUri()).getScheme());
        long begin = System.nanoTime();
        Thread connector = new Thread(() -> connectAll(logins, connections, stats, plainTcp, begin), "hearth-load-connector");
        connector.setDaemon(true);
        connector.start();
        long end = begin + options.duration().toNanos();
        try {
            publish(connections, slots, stats, begin, end);
        } catch (RuntimeException | Error e) {
            connector.interrupt();
            throw e;
        }
        long publishing = System.nanoTime() - begin;
        joinQuietly(connector);
        printProgress(stats, publishing, -1);
        drain(stats);
        closeAll(connections);
        return report(stats, Duration.ofNanos(publishing));
    }

    /** One device: which connection carries it, and which of that login's devices it is. */
    private record Slot(int login, int member) {
    }

    private LoadConnection open(Credentials login, int index, LoadStats stats) throws MqttException {
        return login.protocol().isNative()
                ? new NativeLoadDevice(options.serverUri(), login, login.protocol().firmwares(login, index), stats)
                : new LoadDevice(options.serverUri(), login, stats);
    }

    private void connectAll(List<Credentials> logins, AtomicReferenceArray<LoadConnection> connections, LoadStats stats,
                            boolean plainTcp, long begin) {
        Semaphore connecting = new Semaphore(CONNECTS_AT_ONCE); // a burst of 1,000 TLS handshakes helps nobody
        long ramp = options.rampUp().toNanos();
        for (int i = 0; i < logins.size(); i++) {
            long due = begin + (logins.size() == 1 ? 0 : ramp * i / (logins.size() - 1));
            while (System.nanoTime() < due) {
                if (Thread.interrupted()) {
                    return;
                }
                LockSupport.parkNanos(Math.min(due - System.nanoTime(), 10_000_000));
            }
            try {
                connecting.acquire();
                LoadConnection connection = open(logins.get(i), i, stats);
                connections.set(i, connection);
                connection.connect(plainTcp).whenComplete((ok, failure) -> connecting.release());
            } catch (InterruptedException e) {
                return;
            } catch (MqttException | IllegalStateException e) {
                connecting.release();
                stats.error(logins.get(i).deviceId() + ": " + e.getMessage());
            }
        }
        connecting.acquireUninterruptibly(CONNECTS_AT_ONCE); // the last ones' answers, each within its connect timeout
    }

    /** Credit-based pacing: each tick adds rate/N per connected device; each credit is one message to the next free device. */
    private void publish(AtomicReferenceArray<LoadConnection> connections, List<Slot> slots, LoadStats stats, long begin,
                         long end) {
        double perDevicePerNano = options.rate() / options.devices() / 1e9;
        double credit = 0;
        double maxCredit = Math.max(1, options.rate() / 10); // never burst more than 100 ms worth after a stall
        long last = begin;
        long nextProgress = begin + 1_000_000_000L;
        long lastSent = 0;
        int cursor = 0;
        long seq = 0;
        int n = slots.size();
        while (true) {
            long now = System.nanoTime();
            if (now >= end || stats.sent.get() >= options.maxMessages()) {
                break;
            }
            credit = Math.min(maxCredit, credit + (now - last) * perDevicePerNano * stats.connected.get());
            last = now;
            while (credit >= 1 && stats.sent.get() < options.maxMessages()) {
                boolean sent = false;
                for (int tries = 0; tries < n && !sent; tries++) {
                    Slot slot = slots.get(cursor);
                    cursor = (cursor + 1) % n;
                    LoadConnection connection = connections.get(slot.login());
                    if (connection != null) {
                        sent = connection.tryPublish(slot.member(), seq, options.qos());
                    }
                }
                if (!sent) {
                    break; // every device is busy or away: wait for the next tick
                }
                seq++;
                credit -= 1;
            }
            if (now >= nextProgress) {
                long sentNow = stats.sent.get();
                printProgress(stats, now - begin, sentNow - lastSent);
                lastSent = sentNow;
                nextProgress += 1_000_000_000L;
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    private void printProgress(LoadStats stats, long elapsedNanos, long lastSecond) {
        progress.printf("load %4ds  connected %d/%d  sent %d  %s  %s  errors %d%n",
                elapsedNanos / 1_000_000_000L, stats.connected.get(), options.devices(), stats.sent.get(),
                lastSecond < 0 ? "done" : lastSecond + " msg/s",
                options.qos() == 1 ? "acked " + stats.acknowledged.get() : "acked n/a (QoS 0)", stats.errors.get());
        progress.flush();
    }

    private void drain(LoadStats stats) {
        long until = System.nanoTime() + DRAIN.toNanos();
        while (stats.settled() < stats.sent.get() && System.nanoTime() < until && options.qos() == 1) {
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static void closeAll(AtomicReferenceArray<LoadConnection> devices) {
        ExecutorService closers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "hearth-load-close");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (int i = 0; i < devices.length(); i++) {
            LoadConnection device = devices.get(i);
            if (device != null) {
                closing.add(CompletableFuture.runAsync(device::close, closers));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the report is what matters; stragglers are daemon threads
        } finally {
            closers.shutdownNow();
        }
    }

    /** Bounded all the same: a connection that never answers ends at its connect timeout. */
    private static void joinQuietly(Thread thread) {
        try {
            thread.join(CONNECTOR_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LoadReport report(LoadStats stats, Duration publishing) {
        long sent = stats.sent.get();
        boolean qos1 = options.qos() == 1;
        OptionalLong acked = qos1 ? OptionalLong.of(stats.acknowledged.get()) : OptionalLong.empty();
        OptionalLong lost = qos1 ? OptionalLong.of(sent - stats.acknowledged.get()) : OptionalLong.empty();
        Optional<Duration> p50 = qos1 ? stats.latency.percentile(0.50) : Optional.empty();
        Optional<Duration> p99 = qos1 ? stats.latency.percentile(0.99) : Optional.empty();
        Optional<Duration> max = qos1 ? stats.latency.max() : Optional.empty();
        return new LoadReport(options.devices(), stats.peakConnected.get(), options.qos(), sent, acked, lost, stats.errors.get(),
                stats.firstErrors(), publishing, p50, p99, max);
    }
}
