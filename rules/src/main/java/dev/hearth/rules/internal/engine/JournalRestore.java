package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.TimerJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The timer journal read back when a rule set is activated: holds and waiting runs go on. */
final class JournalRestore {
    private static final Logger log = LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");

    private final EngineContext context;

    JournalRestore(EngineContext context) {
        this.context = context;
    }

    /**
     * Every entry of the journal: a hold goes back to its trigger's watcher among {@code watchers}, a
     * run's delays and wait_fors to a run of its rule; an entry of a rule no longer loaded is dropped
     * when {@code rulesLoaded}.
     */
    void restore(Map<String, RuleRuntime> runtimes, List<TriggerWatcher> watchers, boolean rulesLoaded) {
        // The entries of one run (several only inside a parallel) are resumed together, as one run.
        Map<String, List<TimerJournal.Entry>> runs = new LinkedHashMap<>();
        for (TimerJournal.Entry entry : context.timers().all()) {
            RuleRuntime runtime = runtimes.get(entry.ruleId());
            if (runtime == null) {
                if (rulesLoaded) {
                    log.info("dropping timer {}: rule '{}' is no longer loaded", entry.id(), entry.ruleId());
                    context.timers().remove(entry.id());
                }
                // Else kept: no rules are loaded yet (a start before the first load, or a load that failed).
                continue;
            }
            if (entry.kind().equals("for")) {
                watchers.stream().filter(watcher -> watcher.journalId().equals(entry.id())).findFirst()
                        .ifPresentOrElse(watcher -> watcher.restore(entry), () -> context.timers().remove(entry.id()));
            } else if (entry.kind().equals("delay") || entry.kind().equals("wait_for")) {
                // Entries written before nested timers were journaled have no run id: each is its own run.
                runs.computeIfAbsent(entry.data().path("run").asText(entry.id()), run -> new ArrayList<>()).add(entry);
            } else {
                context.timers().remove(entry.id());
            }
        }
        runs.values().forEach(entries -> restoreRun(runtimes.get(entries.get(0).ruleId()), entries));
    }

    /**
     * The journal's entries of one run, stopped at a delay or wait_for at any depth of its action
     * tree: it goes on where it was, with its variables. If a deadline (the earliest, when a parallel
     * waited in several branches) passed while the engine was stopped, the rule's missed policy
     * decides for the run.
     */
    private void restoreRun(RuleRuntime runtime, List<TimerJournal.Entry> entries) {
        entries.forEach(entry -> context.timers().remove(entry.id()));
        TimerJournal.Entry first = entries.get(0); // the earliest deadline: all() is sorted
        ObjectNode data = first.data();
        if (!data.path("actions").asText().equals(RunJournal.fingerprint(runtime.rule()))) {
            log.info("dropping timer {}: rule '{}' changed since it was set", first.id(), first.ruleId());
            return;
        }
        Instant now = context.clock().instant();
        List<RunResume.Waiting> waiting = new ArrayList<>();
        for (TimerJournal.Entry entry : entries) {
            try {
                waiting.add(new RunResume.Waiting(RunPosition.fromEntry(entry.data()), entry.due(), !entry.due().isAfter(now)));
            } catch (RuntimeException e) {
                log.warn("dropping timer {} of rule '{}': unreadable position: {}", entry.id(), entry.ruleId(), e.getMessage());
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        Fired fired = TriggerWatcher.firedOf(data);
        if (!first.due().isAfter(now)) {
            String what = first.kind() + (waiting.get(0).path().size() > 1
                    ? " (nested, at action " + RunPosition.text(waiting.get(0).path()) + ")" : "");
            runtime.missed(fired, what, first.due(), choice -> resume(runtime, fired.withDescription(
                    fired.description() + "; " + choice), data, waiting));
            return;
        }
        resume(runtime, fired.withDescription(fired.description() + "; resumed from the timer journal"), data, waiting);
    }

    private void resume(RuleRuntime runtime, Fired fired, ObjectNode data, List<RunResume.Waiting> waiting) {
        RuleRun run = new RuleRun(runtime, runtime.newTrace(fired), "");
        run.restoreVariables(data.get("vars"));
        runtime.resume(run, resumed -> resumed.resume(waiting));
    }
}
