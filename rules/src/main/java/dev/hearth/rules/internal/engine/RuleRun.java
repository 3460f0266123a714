package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Action;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.internal.text.Durations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * One run of a rule's actions, in order. A command's result is awaited without blocking the
 * scheduler: the run resumes on the scheduler when the result arrives.
 */
final class RuleRun {
    /**
     * The hub enforces each command's timeout; past it by this much, the run gives up on the
     * command anyway, so that a lost result cannot keep a rule busy for ever.
     */
    static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);

    private final RuleRuntime runtime;
    private final String trigger;
    private final EngineContext context;
    private final List<Action> actions;
    private boolean finished;
    private int awaiting = -1;
    private ScheduledFuture<?> watchdog;

    RuleRun(RuleRuntime runtime, String trigger, EngineContext context) {
        this.runtime = runtime;
        this.trigger = trigger;
        this.context = context;
        this.actions = runtime.rule().actions();
    }

    void start() {
        next(0);
    }

    void cancel(String why) {
        finish(RunOutcome.CANCELLED, why);
    }

    private void next(int index) {
        if (finished) {
            return;
        }
        if (runtime.isRetired()) {
            finish(RunOutcome.CANCELLED, "the rules were replaced");
            return;
        }
        if (index == actions.size()) {
            finish(RunOutcome.COMPLETED, actions.size() + (actions.size() == 1 ? " action" : " actions") + " done");
            return;
        }
        Action action = actions.get(index);
        if (action instanceof Action.Command command) {
            send(index, command);
        } else {
            throw new IllegalStateException("unhandled action " + action);
        }
    }

    private void send(int index, Action.Command command) {
        CommandRequest request = new CommandRequest(command.deviceId(), command.command(), command.args(),
                command.timeout(), runtime.rule().id());
        CompletionStage<CommandResult> result;
        try {
            result = context.commands().send(request);
        } catch (RuntimeException e) {
            finish(RunOutcome.FAILED, name(command) + " could not be sent: " + e);
            return;
        }
        if (result == null) {
            finish(RunOutcome.FAILED, name(command) + " could not be sent: the command sink returned no result");
            return;
        }
        awaiting = index;
        watchdog = context.schedule(() -> resume(index, command, new CommandResult.NoReply(
                "no result within " + Durations.format(command.timeout()) + " + " + Durations.format(WATCHDOG_GRACE)),
                null), command.timeout().plus(WATCHDOG_GRACE)).orElse(null);
        // If the scheduler has stopped, the engine is closed and nobody waits for the run any more.
        result.whenComplete((reply, failure) -> context.execute(() -> resume(index, command, reply, failure)));
    }

    private void resume(int index, Action.Command command, CommandResult result, Throwable failure) {
        if (finished || awaiting != index) {
            return;
        }
        awaiting = -1;
        cancelWatchdog();
        if (failure != null || result == null) {
            finish(RunOutcome.FAILED, name(command) + " failed: " + (failure != null ? failure : "no result"));
        } else if (result instanceof CommandResult.NoReply noReply) {
            finish(RunOutcome.FAILED, name(command) + " got no reply: " + noReply.reason());
        } else if (result instanceof CommandResult.Replied replied && !replied.ok()) {
            finish(RunOutcome.FAILED, name(command) + " replied with an error: " + replied.error().orElse("(none given)"));
        } else {
            next(index + 1);
        }
    }

    private void finish(RunOutcome outcome, String detail) {
        if (finished) {
            return;
        }
        finished = true;
        cancelWatchdog();
        runtime.report(trigger, outcome, detail);
        runtime.finished(this);
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    private static String name(Action.Command command) {
        return "command " + command.deviceId() + "." + command.command();
    }
}
