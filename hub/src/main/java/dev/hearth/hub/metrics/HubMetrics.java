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
import java.util.function.ToDoubleFunction;

/** Every figure the hub exposes on /metrics, named once here (Prometheus text format). */
public final class HubMetrics implements RunListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer commandLatency;

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
        Counter.builder("hearth.messages.in").tag("type", kind).description("Messages accepted from devices")
                .register(registry).increment();
    }

    public void messageOut(String kind) {
        Counter.builder("hearth.messages.out").tag("type", kind).description("Messages sent to devices")
                .register(registry).increment();
    }

    /** A publish or connection refused, by reason (invalid_payload, rate_limited, max_connections, ...). */
    public void rejected(String reason) {
        Counter.builder("hearth.messages.rejected").tag("reason", reason).description("Publishes and connections refused")
                .register(registry).increment();
    }

    public void commandCompleted(Duration latency, String outcome) {
        commandLatency.record(latency);
        Counter.builder("hearth.commands").tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void onRun(RunReport report) {
        Counter.builder("hearth.rule.runs").tag("outcome", report.outcome().name().toLowerCase(Locale.ROOT))
                .description("Rule runs by outcome").register(registry).increment();
    }

    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
