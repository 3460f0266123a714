package dev.hearth.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStep;
import java.util.List;
import java.util.Locale;

/** One rule run as the API shows it: trigger → conditions → actions, with values, timings and causation. */
public record TraceView(String runId, String rule, String trigger, JsonNode triggerValues, String causation, int depth,
                        String started, String ended, String outcome, String detail, List<Step> steps, List<String> devices) {

    public record Step(String at, String kind, String what, String result, long tookMillis) {
        static Step of(TraceStep step) {
            return new Step(step.at().toString(), step.kind().name().toLowerCase(Locale.ROOT), step.what(), step.result(),
                    step.took().toMillis());
        }
    }

    static TraceView of(Trace trace) {
        return new TraceView(trace.runId(), trace.ruleId(), trace.trigger(), trace.triggerValues(), trace.causation().id(),
                trace.causation().depth(), trace.started().toString(), trace.ended().toString(),
                trace.outcome().name().toLowerCase(Locale.ROOT), trace.detail(),
                trace.steps().stream().map(Step::of).toList(), trace.devices().stream().sorted().toList());
    }
}
