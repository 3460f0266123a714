package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** As the hub runs it: changes arrive on many threads, replies on yet another, work on one scheduler thread. */
class RuleEngineThreadsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService broker = Executors.newFixedThreadPool(4);
    private final ExecutorService devices = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        broker.shutdownNow();
        devices.shutdownNow();
    }

    @Test
    void changesFromManyThreadsAreEvaluatedOneAtATimeOnTheScheduler() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<RunReport> runs = new CopyOnWriteArrayList<>();
        CommandSink sink = request -> {
            threads.add(Thread.currentThread().getName());
            return CompletableFuture.supplyAsync(() -> new CommandResult.Replied(true, Optional.empty(), Optional.empty()),
                    devices);
        };
        try (RuleEngine engine = new RuleEngine((device, attribute) -> Optional.empty(), sink, Clock.systemUTC(),
                scheduler)) {
            engine.addListener(runs::add);
            engine.start();
            engine.replace(EngineHarness.load(dir, """
                    rules:
                      - id: every-press
                        mode: queued
                        when:
                          - state: button-1.presses
                        then:
                          - command: lamp-1.toggle
                          - command: lamp-2.toggle
                    """));

            IntStream.rangeClosed(1, 8).forEach(press -> broker.execute(() -> engine.onStateChange(
                    new StateChange("button-1", "presses", Optional.of(JsonNodeFactory.instance.numberNode(-press)),
                            JsonNodeFactory.instance.numberNode(press), Clock.systemUTC().instant()))));

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 8);
        }
        assertThat(runs).extracting(RunReport::outcome).containsOnly(RunOutcome.COMPLETED);
        assertThat(threads).hasSize(16).containsOnly(threads.get(0));
    }
}
