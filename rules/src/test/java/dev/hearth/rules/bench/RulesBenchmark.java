package dev.hearth.rules.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.CommandSink;
import dev.hearth.rules.EngineSettings;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import dev.hearth.rules.StateChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Not a unit test: a harness that prints the engine's figures. 1,000 rules (10 per device on 100
 * devices, numeric triggers, a condition, a command with a templated argument) and a stream of state
 * changes, on a real single-thread scheduler as the hub runs it; the command sink replies at once.
 * Throughput: changes evaluated per second, flat out. Latency: from {@code onStateChange} to the
 * command reaching the sink, at a steady 1,000 changes/s. Run it (from the repository root):
 *
 * <pre>
 * ./mvnw -q -o -pl rules test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp rules/target/classes:rules/target/test-classes:$(cat rules/target/cp.txt) dev.hearth.rules.bench.RulesBenchmark
 * </pre>
 */
public final class RulesBenchmark {
    private static final int DEVICES = 100;
    private static final int RULES_PER_DEVICE = 10;
    /** A high value crosses every rule's threshold; a low one leaves the range, ready for the next. */
    private static final long HIGH = 1_000_000_000L;

    private RulesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        RuleSet rules = rules();
        System.out.printf("rules: %d, devices: %d, JVM %s, %d cores%n", rules.size(), DEVICES,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        throughput(rules, 100_000);      // warm-up
        throughput(rules, 200_000);
        latency(rules, 1_000, 10);
    }

    private static RuleSet rules() throws IOException {
        StringBuilder yaml = new StringBuilder("rules:\n");
        for (int device = 0; device < DEVICES; device++) {
            for (int n = 0; n < RULES_PER_DEVICE; n++) {
                yaml.append("""
                          - id: r-%d-%d
                            mode: parallel
                            max: 1000
                            when: [ { state: dev-%d.level, above: %d } ]
                            if: [ { state: dev-%d.enabled, is: true } ]
                            then: [ { command: out-%d.set, args: { seq: "${trigger.to}" } } ]
                        """.formatted(device, n, device, HIGH / 2 + n, device, device));
            }
        }
        Path file = Files.createTempFile("bench-rules", ".yaml");
        Files.writeString(file, yaml);
        long started = System.nanoTime();
        LoadResult result = new RulesLoader().load(file);
        System.out.printf("load: %d ms for %d KiB%n", (System.nanoTime() - started) / 1_000_000, Files.size(file) / 1024);
        Files.delete(file);
        return ((LoadResult.Loaded) result).rules();
    }

    /** As the hub should make it: one thread, and cancelled timers leave the queue at once. */
    private static ScheduledExecutorService scheduler() {
        java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** An engine on its own scheduler thread; {@code onCommand} sees each command's {@code seq}. */
    private static RuleEngine engine(ScheduledExecutorService scheduler, CommandSink sink) {
        RuleEngine engine = RuleEngine.builder((device, attribute) -> attribute.equals("enabled")
                        ? Optional.of(JsonNodeFactory.instance.booleanNode(true)) : Optional.empty(),
                        sink, Clock.systemUTC(), scheduler)
                // The benchmark means to run every rule flat out: no rate breaker.
                .settings(EngineSettings.DEFAULTS.withBreaker(Integer.MAX_VALUE, Duration.ofMillis(1)))
                .build();
        engine.start();
        return engine;
    }

    private static StateChange change(long seq) {
        int device = (int) (seq % DEVICES);
        boolean high = (seq / DEVICES) % 2 == 1;
        long value = high ? HIGH + seq : seq;
        long previous = high ? seq - DEVICES : HIGH + seq - DEVICES;
        return new StateChange("dev-" + device, "level", Optional.of(JsonNodeFactory.instance.numberNode(previous)),
                JsonNodeFactory.instance.numberNode(value), Clock.systemUTC().instant());
    }

    private static void throughput(RuleSet rules, int changes) throws InterruptedException {
        int expectedCommands = changes / 2 * RULES_PER_DEVICE;
        CountDownLatch done = new CountDownLatch(expectedCommands);
        CommandResult ok = new CommandResult.Replied(true, Optional.empty(), Optional.empty());
        ScheduledExecutorService scheduler = scheduler();
        try (RuleEngine engine = engine(scheduler, request -> {
            done.countDown();
            return CompletableFuture.completedFuture(ok);
        })) {
            engine.replace(rules);
            StateChange[] stream = new StateChange[changes];
            for (int seq = 0; seq < changes; seq++) {
                stream[seq] = change(seq);
            }
            long started = System.nanoTime();
            for (StateChange change : stream) {
                engine.onStateChange(change);
            }
            boolean finished = done.await(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("throughput: %,d changes (%,d rule runs, %,d commands) in %.2f s = %,.0f changes/s, "
                            + "%,.0f rule runs/s%s%n", changes, expectedCommands, expectedCommands, seconds,
                    changes / seconds, expectedCommands / seconds, finished ? "" : " (TIMED OUT)");
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void latency(RuleSet rules, int perSecond, int seconds) throws InterruptedException {
        int changes = perSecond * seconds;
        AtomicLongArray submitted = new AtomicLongArray(changes);
        long[] latencies = new long[changes / 2 * RULES_PER_DEVICE];
        AtomicInteger count = new AtomicInteger();
        CommandResult ok = new CommandResult.Replied(true, Optional.empty(), Optional.empty());
        ScheduledExecutorService scheduler = scheduler();
        try (RuleEngine engine = engine(scheduler, request -> {
            long seq = request.args().get("seq").asLong() - HIGH;
            int index = count.getAndIncrement();
            if (index < latencies.length) {
                latencies[index] = System.nanoTime() - submitted.get((int) seq);
            }
            return CompletableFuture.completedFuture(ok);
        })) {
            engine.replace(rules);
            long period = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            for (int seq = 0; seq < changes; seq++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                submitted.set(seq, System.nanoTime());
                engine.onStateChange(change(seq));
                next += period;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count.get() < latencies.length && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            scheduler.shutdownNow();
        }
        long[] sorted = Arrays.copyOf(latencies, Math.min(count.get(), latencies.length));
        Arrays.sort(sorted);
        System.out.printf("latency at %,d changes/s for %d s (%,d commands): p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
                perSecond, seconds, sorted.length, percentile(sorted, 0.50) / 1e3, percentile(sorted, 0.99) / 1e3,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e3);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
