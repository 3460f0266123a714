package dev.hearth.device.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A device's own threads, since Paho's callback thread must not block: {@code commands} runs
 * command handlers one at a time in arrival order; {@code lifecycle} runs connecting,
 * reconnecting and listener calls. Both are daemons; work handed in after stopping is dropped.
 */
final class DeviceThreads {
    private static final System.Logger LOG = System.getLogger(PahoHearthDevice.class.getName());
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final String id;
    private final ExecutorService commands;
    private final ScheduledThreadPoolExecutor lifecycle;

    DeviceThreads(String id) {
        this.id = id;
        this.commands = Executors.newSingleThreadExecutor(daemon("hearth-device-" + id + "-commands"));
        this.lifecycle = new ScheduledThreadPoolExecutor(1, daemon("hearth-device-" + id + "-lifecycle"));
        lifecycle.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    ScheduledExecutorService lifecycle() {
        return lifecycle;
    }

    void onCommands(Runnable task) {
        runOn(commands, task);
    }

    void onLifecycle(Runnable task) {
        runOn(lifecycle, task);
    }

    /** Lets a running handler finish (its reply go out), up to 5 s. */
    void stopCommands() {
        commands.shutdown();
        awaitQuietly(commands);
    }

    /** Runs what is queued (listener calls), drops what is scheduled (reconnect attempts), up to 5 s. */
    void stopLifecycle() {
        lifecycle.shutdown();
        awaitQuietly(lifecycle);
    }

    private void runOn(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "device {0} is closing; dropped a callback", id);
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
