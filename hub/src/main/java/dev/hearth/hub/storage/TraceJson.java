package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStep;
import dev.hearth.wire.WireJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A trace as stored: explicit JSON, so that the stored form does not move with the record's shape. */
final class TraceJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TraceJson() {
    }

    static String write(Trace trace) {
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

    static Trace read(String text) {
        JsonNode node;
        try {
            node = WireJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new StorageException("a stored trace is not JSON: " + e.getMessage(), e);
        }
        List<TraceStep> steps = new ArrayList<>();
        for (JsonNode step : node.path("steps")) {
            steps.add(new TraceStep(Instant.parse(step.path("at").asText()), TraceStep.Kind.valueOf(step.path("kind").asText()),
                    step.path("what").asText(), step.path("result").asText(), Duration.ofNanos(step.path("tookNanos").asLong())));
        }
        Set<String> devices = new HashSet<>();
        node.path("devices").forEach(device -> devices.add(device.asText()));
        JsonNode values = node.path("triggerValues");
        return new Trace(node.path("runId").asText(), node.path("ruleId").asText(), node.path("trigger").asText(),
                values.isObject() ? (ObjectNode) values : JSON.objectNode(),
                new Causation(node.path("causation").asText(), node.path("depth").asInt()),
                Instant.parse(node.path("started").asText()), Instant.parse(node.path("ended").asText()),
                RunOutcome.valueOf(node.path("outcome").asText()), node.path("detail").asText(), steps, devices);
    }
}
