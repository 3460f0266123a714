package dev.hearth.hub.metrics;

import dev.hearth.rules.RunListener;
import dev.hearth.rules.RunReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** Every figure the hub exposes on /metrics, named once here (Prometheus text format). */
public final class HubMetrics implements RunListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer commandLatency;
    /** Counters by name and tag value, made once: the message counters sit on the broker's hot path. */
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    public HubMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        commandLatency = Timer.builder("hearth.command.latency")
                .description("From sending a command to the device's reply (or giving up)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** A device-to-hub message that passed the checks, by topic kind (state, telemetry, ...). */
    public void messageIn(String kind) {
        count("hearth.messages.in", "type", kind, "Messages accepted from devices");
    }

    public void messageOut(String kind) {
        count("hearth.messages.out", "type", kind, "Messages sent to devices");
    }

    /** A publish or connection refused, by reason (invalid_payload, rate_limited, max_connections, ...). */
    public void rejected(String reason) {
        count("hearth.messages.rejected", "reason", reason, "Publishes and connections refused");
    }

    public void commandCompleted(Duration latency, String outcome) {
        commandLatency.record(latency);
        count("hearth.commands", "outcome", outcome, "Commands sent, by how they ended");
    }

    @Override
    public void onRun(RunReport report) {
        count("hearth.rule.runs", "outcome", report.outcome().name().toLowerCase(Locale.ROOT), "Rule runs by outcome");
    }

    private void count(String name, String tag, String value, String description) {
        counters.computeIfAbsent(name, key -> new ConcurrentHashMap<>())
                .computeIfAbsent(value, key -> Counter.builder(name).tag(tag, value).description(description).register(registry))
                .increment();
    }

    /** {@code tags}: names and values in turn, e.g. {@code "bridge", "home"}. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
