package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.engine.RunPosition.Step;
import dev.hearth.rules.CelValues;
import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The actions of a run that wait: {@code delay} and {@code wait_for}, until a deadline that goes to
 * the timer journal. Run as written, or again after a restart until the same deadline.
 */
final class WaitSteps {
    private final RuleRun run;
    private final EngineContext context;
    private final RunJournal journal;

    WaitSteps(RuleRun run, EngineContext context, RunJournal journal) {
        this.run = run;
        this.context = context;
        this.journal = journal;
    }

    void delay(Duration duration, List<Step> path, Instant due, Runnable next) {
        String journalId = journal.write("delay", path, due);
        Instant begun = context.clock().instant();
        ScheduledFuture<?> timer = context.schedule(() -> {
            if (!run.active()) {
                return;
            }
            journal.forget(journalId);
            run.trace().step(TraceStep.Kind.ACTION, "delay " + Durations.format(duration), "waited until " + due, begun);
            next.run();
        }, Duration.between(begun, due)).orElse(null);
        run.onEnd(() -> {
            RuleRun.cancel(timer);
            journal.forget(journalId);
        });
    }

    /** Waits until {@code due}, or for ever when it is null (no timeout: there is no deadline to journal). */
    void waitFor(Action.WaitFor waitFor, List<Step> path, Instant due, Runnable next) {
        Instant begun = context.clock().instant();
        // Without a timeout there is no deadline to keep: such a wait does not survive a restart.
        String journalId = due == null ? null : journal.write("wait_for", path, due);
        boolean[] done = {false};
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        Runnable stopWaiting = run.runtime().owner().addWaiter(waitFor.triggers(), fired -> {
            if (done[0] || !run.active()) {
                return;
            }
            done[0] = true;
            RuleRun.cancel(timeout[0]);
            journal.forget(journalId);
            run.setVariable("wait", waitResult(fired, due));
            run.trace().step(TraceStep.Kind.ACTION, waitFor.toString(), "fired: " + fired.description(), begun);
            next.run();
        });
        run.onEnd(stopWaiting);
        run.onEnd(() -> journal.forget(journalId));
        if (due == null) {
            return;
        }
        timeout[0] = context.schedule(() -> {
            if (done[0] || !run.active()) {
                return;
            }
            done[0] = true;
            stopWaiting.run();
            journal.forget(journalId);
            run.setVariable("wait", waitResult(null, due));
            String why = "wait_for timed out after " + Durations.format(waitFor.timeout().orElseThrow());
            run.trace().step(TraceStep.Kind.ACTION, waitFor.toString(), why
                    + (waitFor.continueOnTimeout() ? "; continuing" : ""), begun);
            if (waitFor.continueOnTimeout()) {
                next.run();
            } else {
                run.finish(RunOutcome.FAILED, why);
            }
        }, Duration.between(begun, due)).orElse(null);
        run.onEnd(timeout[0]);
    }

    /**
     * {@code vars.wait} after a wait_for, whether it completed or timed out (as Home Assistant's
     * {@code wait}): {@code completed}, {@code trigger} (the trigger's values, null after a timeout),
     * {@code remaining} (seconds of the timeout left, null without a timeout) and, as before, the
     * fired trigger's values themselves ({@code vars.wait.to}).
     */
    Object waitResult(Fired fired, Instant due) {
        ObjectNode wait = fired == null ? JsonNodeFactory.instance.objectNode() : fired.values().deepCopy();
        wait.put("completed", fired != null);
        wait.set("trigger", fired == null ? JsonNodeFactory.instance.nullNode() : fired.values().deepCopy());
        if (due == null) {
            wait.putNull("remaining");
        } else {
            Duration left = Duration.between(context.clock().instant(), due);
            wait.put("remaining", fired == null || left.isNegative() ? 0.0 : left.toMillis() / 1000.0);
        }
        return CelValues.fromJson(wait);
    }
}
