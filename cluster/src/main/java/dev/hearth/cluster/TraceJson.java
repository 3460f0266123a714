package dev.hearth.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule run's trace as JSON: the one form both of the hub's trace table and of the cluster's traces topic (a worker
 * writes it, the hubs' sink reads it), explicit so that it does not move with the record's shape. A text that does not
 * read throws {@link ClusterFormatException} naming the field.
 */
public final class TraceJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceJson() {
    }

    public static String write(Trace trace) {
        ObjectNode node = JSON.objectNode()
                .put("runId", trace.runId())
                .put("ruleId", trace.ruleId())
                .put("trigger", trace.trigger())
                .put("causation", trace.causation().id())
                .put("depth", trace.causation().depth())
                .put("started", trace.started().toString())
                .put("ended", trace.ended().toString())
                .put("outcome", trace.outcome().name())
                .put("detail", trace.detail());
        node.set("triggerValues", trace.triggerValues());
        ArrayNode steps = node.putArray("steps");
        for (TraceStep step : trace.steps()) {
            steps.addObject().put("at", step.at().toString()).put("kind", step.kind().name()).put("what", step.what())
                    .put("result", step.result()).put("tookNanos", step.took().toNanos());
        }
        ArrayNode devices = node.putArray("devices");
        trace.devices().stream().sorted().forEach(devices::add);
        return node.toString();
    }

    public static byte[] bytes(Trace trace) {
        return write(trace).getBytes(StandardCharsets.UTF_8);
    }

    public static Trace read(byte[] bytes) {
        return read(new String(bytes, StandardCharsets.UTF_8));
    }

    public static Trace read(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ClusterFormatException("", "a trace is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ClusterFormatException("", "a trace is a JSON object");
        }
        List<TraceStep> steps = new ArrayList<>();
        int index = 0;
        for (JsonNode step : node.path("steps")) {
            String at = "steps[" + index++ + "].";
            steps.add(new TraceStep(instant(step, "at", at), kind(step, at), text(step, "what", at), text(step, "result", at),
                    Duration.ofNanos(step.path("tookNanos").asLong())));
        }
        Set<String> devices = new HashSet<>();
        node.path("devices").forEach(device -> devices.add(device.asText()));
        JsonNode values = node.path("triggerValues");
        RunOutcome outcome;
        try {
            outcome = RunOutcome.valueOf(text(node, "outcome", ""));
        } catch (IllegalArgumentException e) {
            throw new ClusterFormatException("outcome", "not an outcome: " + node.path("outcome").asText());
        }
        return new Trace(text(node, "runId", ""), text(node, "ruleId", ""), node.path("trigger").asText(),
                values.isObject() ? (ObjectNode) values : JSON.objectNode(),
                new Causation(text(node, "causation", ""), node.path("depth").asInt()),
                instant(node, "started", ""), instant(node, "ended", ""), outcome, node.path("detail").asText(), steps, devices);
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ClusterFormatException(path + field, value == null ? "missing" : "not a text");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field, String path) {
        try {
            return Instant.parse(text(node, field, path));
        } catch (DateTimeParseException e) {
            throw new ClusterFormatException(path + field, "not an ISO-8601 instant: " + node.path(field).asText());
        }
    }

    private static TraceStep.Kind kind(JsonNode step, String path) {
        try {
            return TraceStep.Kind.valueOf(text(step, "kind", path));
        } catch (IllegalArgumentException e) {
            throw new ClusterFormatException(path + "kind", "not a step kind: " + step.path("kind").asText());
        }
    }
}
