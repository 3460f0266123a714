package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Rule;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.engine.RunPosition.Step;
import dev.hearth.rules.CelValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one run keeps in the timer journal: every delay and wait_for deadline, with the run's place
 * in the action tree and its variables, so that the run goes on after a restart ({@link RunResume}).
 */
final class RunJournal {
    private final RuleRun run;
    private final EngineContext context;
    /** This run's deadlines now in the journal, by journal id: how to write each again. */
    private final Map<String, Supplier<TimerJournal.Entry>> live = new LinkedHashMap<>();
    /** Set when the run is suspended (engine closed, rules replaced): its deadlines stay in the journal. */
    private boolean keep;

    RunJournal(RuleRun run, EngineContext context) {
        this.run = run;
        this.context = context;
    }

    /** What a journaled run's position means: the rule's actions as written. */
    static String fingerprint(Rule rule) {
        return Integer.toHexString(rule.actions().toString().hashCode());
    }

    /**
     * Writes a deadline of {@code kind} at {@code path}; returns its journal id (null in a dry run). The
     * entry is kept in {@link #live} too: it is written again when a sibling parallel branch finishes,
     * so that the journal always says which branches are still going.
     */
    String write(String kind, List<Step> path, Instant due) {
        RunTrace trace = run.trace();
        if (run.dryRun()) {
            // The journal outlives the run (its variables, its place): a resumed entry would also run
            // for real, as a run on request's dryness is not a rule's setting. A dry wait stays in memory.
            trace.step(TraceStep.Kind.TIMER, kind + " until " + due, "would have kept it in the timer journal"
                    + " (dry run: this wait does not survive a restart)");
            return null;
        }
        // Top-level ids as before; nested ones carry the path, as a parallel may wait in several places.
        String journalId = trace.runId() + "." + kind + (path.size() == 1 ? "" : "." + RunPosition.text(path));
        Rule rule = run.runtime().rule();
        Supplier<TimerJournal.Entry> entry = () -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("index", path.get(0).index()); // what journals before nested timers read
            data.set("path", RunPosition.toJson(path));
            data.put("run", trace.runId());
            data.put("actions", fingerprint(rule));
            data.put("description", trace.fired().description());
            data.set("values", trace.fired().values());
            data.put("causation", trace.fired().causation().id());
            data.put("depth", trace.fired().causation().depth());
            data.set("vars", CelValues.toJson(run.vars()));
            return new TimerJournal.Entry(journalId, rule.id(), kind, due, data);
        };
        live.put(journalId, entry);
        context.timers().put(entry.get());
        return journalId;
    }

    /** A parallel branch finished: the run's other pending entries say so from now on. */
    void rewrite() {
        if (!run.isFinished()) {
            live.values().forEach(entry -> context.timers().put(entry.get()));
        }
    }

    /** The deadline was reached or given up: out of the journal, unless the run is suspended. */
    void forget(String journalId) {
        if (journalId != null && live.remove(journalId) != null && !keep) {
            context.timers().remove(journalId);
        }
    }

    /** The run is suspended, not ended: its deadlines stay for the next rule set or start to take up. */
    void keep() {
        keep = true;
    }
}
