package dev.hearth.hub.rules;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules when a file in their folder changes. Editors write a file in several
 * steps, so events are gathered until the folder has been quiet for a moment.
 */
public final class RulesWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);
    private static final long QUIET_MILLIS = 300;

    private final WatchService watchService;
    private final Thread thread;

    private RulesWatcher(WatchService watchService, Runnable reload) {
        this.watchService = watchService;
        this.thread = new Thread(() -> loop(reload), "rules-watcher");
        this.thread.setDaemon(true);
    }

    /** Watches the folder of {@code rulesPath} (the path itself when it is a folder). */
    public static RulesWatcher start(Path rulesPath, Runnable reload) throws IOException {
        Path folder = Files.isDirectory(rulesPath) ? rulesPath : rulesPath.toAbsolutePath().getParent();
        WatchService service = FileSystems.getDefault().newWatchService();
        folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        RulesWatcher watcher = new RulesWatcher(service, reload);
        watcher.thread.start();
        return watcher;
    }

    private void loop(Runnable reload) {
        try {
            while (true) {
                WatchKey key = watchService.take();
                drain(key);
                WatchKey more;
                while ((more = watchService.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    LOG.error("reloading rules failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        thread.interrupt();
    }
}
