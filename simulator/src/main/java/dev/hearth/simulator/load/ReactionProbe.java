package dev.hearth.simulator.load;

import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceBuilder;
import dev.hearth.wire.CommandReply;
import java.time.Duration;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures how fast a rule reacts, device to device, through the hub: a trigger device reports
 * {@code occupant: awake} (after {@code asleep}) and the clock runs until the target device's
 * {@code brew} handler is called. Both are SDK devices, as real ones would be. The hub needs a
 * rule "state TRIGGER.occupant to awake → command TARGET.brew" without a {@code for:} hold
 * (deploy/bench/rules/reaction.yaml) and a rate breaker that allows the pace.
 */
public final class ReactionProbe {
    private final String serverUri;
    private final Credentials trigger;
    private final Credentials target;
    private final int rounds;
    private final Duration pause;
    private final Duration timeout;

    public ReactionProbe(String serverUri, Credentials trigger, Credentials target, int rounds, Duration pause, Duration timeout) {
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.target = Objects.requireNonNull(target, "target");
        if (rounds < 1 || rounds > 100_000) {
            throw new IllegalArgumentException("rounds must be 1 to 100000, was " + rounds);
        }
        this.rounds = rounds;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public Report run() throws InterruptedException {
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        LatencyHistogram latencies = new LatencyHistogram();
        int missed = 0;
        try (HearthDevice coffee = device(target)
                .onCommand("brew", command -> {
                    arrivals.add(System.nanoTime());
                    return CommandReply.success(null);
                }).build();
             HearthDevice bed = device(trigger).initialState(Map.of("occupant", "asleep")).build()) {
            coffee.connect();
            bed.connect();
            for (int i = 0; i < rounds; i++) {
                bed.reportState(Map.of("occupant", "asleep"));
                Thread.sleep(pause.toMillis());
                arrivals.clear();
                long sent = System.nanoTime();
                bed.reportState(Map.of("occupant", "awake"));
                Long arrived = arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (arrived == null) {
                    missed++;
                } else {
                    latencies.record(arrived - sent);
                }
            }
        }
        return new Report(rounds, missed, latencies.percentile(0.50), latencies.percentile(0.99), latencies.max());
    }

    private HearthDeviceBuilder device(Credentials credentials) {
        return HearthDevice.builder().serverUri(serverUri).deviceId(credentials.deviceId()).password(credentials.password());
    }

    /** Latencies from the trigger's report to the target's handler; a round with no command within the timeout is missed. */
    public record Report(int rounds, int missed, Optional<Duration> p50, Optional<Duration> p99,
                         Optional<Duration> max) {
        public String summary() {
            return String.format("reaction: %d rounds, %d missed; state report to command received p50 %s, p99 %s, max %s",
                    rounds, missed, ms(p50), ms(p99), ms(max));
        }

        public String toJson() {
            return String.format(Locale.ROOT, "{\"rounds\":%d,\"missed\":%d,\"latencyMs\":{\"p50\":%s,\"p99\":%s,\"max\":%s}}",
                    rounds, missed, number(p50), number(p99), number(max));
        }

        private static String ms(Optional<Duration> d) {
            return d.map(v -> String.format("%.2f ms", v.toNanos() / 1e6)).orElse("n/a");
        }

        private static String number(Optional<Duration> d) {
            return d.map(v -> String.format(Locale.ROOT, "%.3f", v.toNanos() / 1e6)).orElse("null");
        }
    }
}
