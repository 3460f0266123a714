package dev.hearth.simulator.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a load run saw. {@code acknowledged} and {@code lost} are known at QoS 1 only (PUBACKs);
 * at QoS 0 nothing comes back, so they are empty and said to be unknown. Latency is from the
 * publish call to its PUBACK, at QoS 1 only: the broker has the message, not that a subscriber
 * got it.
 */
public record LoadReport(int devices, int connected, int qos, long sent, OptionalLong acknowledged, OptionalLong lost,
                         long errors, List<String> firstErrors, Duration elapsed, Optional<Duration> p50,
                         Optional<Duration> p99, Optional<Duration> max) {
    public LoadReport {
        Objects.requireNonNull(acknowledged, "acknowledged");
        Objects.requireNonNull(lost, "lost");
        firstErrors = List.copyOf(firstErrors);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(max, "max");
    }

    /** Messages per second over the publishing phase. */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }

    /** Known at QoS 1 only: every publish acknowledged, and no error. */
    public boolean lossless() {
        return lost.isPresent() && lost.getAsLong() == 0 && errors == 0;
    }

    /**
     * Whether the run went as asked: no error, and at QoS 1 nothing lost. At QoS 0 nothing is
     * acknowledged, so loss cannot be seen from here (the hub's {@code hearth_messages_in_total}
     * can say); the run is not failed for what it cannot know.
     */
    public boolean succeeded() {
        return errors == 0 && (qos == 0 || lossless());
    }

    public String summary() {
        StringBuilder out = new StringBuilder()
                .append("load: ").append(connected).append('/').append(devices).append(" devices connected, QoS ").append(qos)
                .append(", ").append(String.format("%.1f", elapsed.toNanos() / 1e9)).append(" s\n")
                .append("  sent          ").append(sent).append(String.format(" (%.0f msg/s)", rate())).append('\n')
                .append("  acknowledged  ").append(acknowledged.isPresent() ? String.valueOf(acknowledged.getAsLong()) : "unknown (QoS 0 has no PUBACK)").append('\n')
                .append("  lost          ").append(lost.isPresent() ? String.valueOf(lost.getAsLong()) : "unknown (QoS 0)").append('\n')
                .append("  errors        ").append(errors).append('\n');
        if (p50.isPresent()) {
            out.append("  latency       p50 ").append(ms(p50.get())).append(", p99 ").append(ms(p99.get()))
                    .append(", max ").append(ms(max.get())).append(" (publish to PUBACK)\n");
        } else {
            out.append("  latency       not measured (").append(qos == 0 ? "QoS 0 has no PUBACK" : "nothing acknowledged").append(")\n");
        }
        firstErrors.forEach(e -> out.append("  error: ").append(e).append('\n'));
        return out.toString();
    }

    /** The same as one line of JSON; latencies in milliseconds, null when unknown. */
    public String toJson() {
        ObjectNode json = WireJson.mapper().createObjectNode()
                .put("devices", devices).put("connected", connected).put("qos", qos)
                .put("durationSeconds", elapsed.toNanos() / 1e9)
                .put("sent", sent).put("ratePerSecond", Math.round(rate() * 10) / 10.0);
        putOptional(json, "acknowledged", acknowledged);
        putOptional(json, "lost", lost);
        json.put("errors", errors);
        ObjectNode latency = json.putObject("latencyMs");
        latency.put("measured", "publish to PUBACK");
        putMillis(latency, "p50", p50);
        putMillis(latency, "p99", p99);
        putMillis(latency, "max", max);
        return json.toString();
    }

    private static void putOptional(ObjectNode json, String key, OptionalLong value) {
        if (value.isPresent()) {
            json.put(key, value.getAsLong());
        } else {
            json.putNull(key);
        }
    }

    private static void putMillis(ObjectNode json, String key, Optional<Duration> value) {
        if (value.isPresent()) {
            json.put(key, value.get().toNanos() / 1e6);
        } else {
            json.putNull(key);
        }
    }

    private static String ms(Duration d) {
        return String.format("%.2f ms", d.toNanos() / 1e6);
    }
}
