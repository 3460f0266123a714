package dev.hearth.worker;

import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStore;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A site's traces, out of the worker: each finished run goes to the traces topic through the task's
 * {@code context.forward} (so inside its exactly-once transaction, with the commands it sent), and the hubs' sink
 * stores it where the API reads traces. The worker keeps none, so it has none to answer with.
 */
final class TopicTraceStore implements TraceStore {
    private final Consumer<Trace> forward;

    TopicTraceStore(Consumer<Trace> forward) {
        this.forward = forward;
    }

    @Override
    public void append(Trace trace) {
        forward.accept(trace);
    }

    @Override
    public List<Trace> byRule(String ruleId, int limit) {
        return List.of();
    }

    @Override
    public List<Trace> byDevice(String deviceId, Instant from, Instant to, int limit) {
        return List.of();
    }

    @Override
    public List<Trace> between(Instant from, Instant to, int limit) {
        return List.of();
    }
}
