package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.Causation;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions of a run that reach the world through a port: commands (awaiting the reply),
 * desired state and notifications. Each honours dry-run (only traces "would have ..."), and passes the run's causation on.
 */
final class PortSteps {
    /**
     * The hub enforces each command's timeout; past it by this much, the run gives up on the
     * command anyway, so that a lost result cannot keep a rule busy for ever.
     */
    static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);
    private static final Logger notifyLog = LoggerFactory.getLogger("dev.hearth.rules.notify");

    private final RuleRun run;
    private final EngineContext context;

    PortSteps(RuleRun run, EngineContext context) {
        this.run = run;
        this.context = context;
    }

    void command(Action.Command command, Runnable next) {
        String name = "command " + command.deviceId() + "." + command.command();
        Optional<JsonNode> args = run.render(command.args(), name);
        if (args.isEmpty()) {
            return;
        }
        run.trace().device(command.deviceId());
        if (run.dryRun()) {
            run.trace().step(TraceStep.Kind.ACTION, name + " " + args.get(), "would have sent " + command.command() + " "
                    + args.get() + " to " + command.deviceId() + " (dry run)");
            next.run();
            return;
        }
        Causation caused = run.trace().fired().causation().next();
        CommandRequest request = new CommandRequest(command.deviceId(), command.command(), (ObjectNode) args.get(),
                command.timeout(), run.runtime().rule().id(), caused);
        Instant sent = context.clock().instant();
        context.devices().commandSent(command.deviceId(), caused, sent, command.timeout());
        CompletionStage<CommandResult> result;
        try {
            result = context.commands().send(request);
        } catch (RuntimeException e) {
            run.trace().step(TraceStep.Kind.ACTION, name + " " + args.get(), "could not be sent: " + e);
            run.finish(RunOutcome.FAILED, name + " could not be sent: " + e);
            return;
        }
        if (result == null) {
            run.finish(RunOutcome.FAILED, name + " could not be sent: the command sink returned no result");
            return;
        }
        boolean[] resumed = {false};
        // A result already there needs no watchdog: a cancelled timer lingers in many schedulers' queues.
        if (!result.toCompletableFuture().isDone()) {
            ScheduledFuture<?> watchdog = context.schedule(() -> resume(resumed, name, args.get(), sent,
                    new CommandResult.NoReply("no result within " + Durations.format(command.timeout()) + " + "
                            + Durations.format(WATCHDOG_GRACE)), null, next),
                    command.timeout().plus(WATCHDOG_GRACE)).orElse(null);
            run.onEnd(watchdog);
        }
        // If the scheduler has stopped, the engine is closed and nobody waits for the run any more.
        result.whenComplete((reply, failure) -> context.execute(
                () -> resume(resumed, name, args.get(), sent, reply, failure, next)));
    }

    private void resume(boolean[] resumed, String name, JsonNode args, Instant sent, CommandResult result,
                        Throwable failure, Runnable next) {
        if (resumed[0] || !run.active()) {
            return;
        }
        resumed[0] = true;
        String what = name + " " + args;
        if (failure != null || result == null) {
            String why = name + " failed: " + (failure != null ? failure : "no result");
            run.trace().step(TraceStep.Kind.ACTION, what, why, sent);
            run.finish(RunOutcome.FAILED, why);
        } else if (result instanceof CommandResult.NoReply noReply) {
            run.trace().step(TraceStep.Kind.ACTION, what, "no reply: " + noReply.reason(), sent);
            run.finish(RunOutcome.FAILED, name + " got no reply: " + noReply.reason());
        } else if (result instanceof CommandResult.Replied replied && !replied.ok()) {
            String error = replied.error().orElse("(none given)");
            run.trace().step(TraceStep.Kind.ACTION, what, "replied with an error: " + error, sent);
            run.finish(RunOutcome.FAILED, name + " replied with an error: " + error);
        } else {
            CommandResult.Replied replied = (CommandResult.Replied) result;
            String waited = replied.waitedToDeliver().isZero() ? ""
                    : " (sent once the device connected, after waiting " + Durations.format(replied.waitedToDeliver()) + ")";
            run.trace().step(TraceStep.Kind.ACTION, what, "replied ok" + replied.result().map(r -> ": " + r).orElse("") + waited,
                    sent);
            next.run();
        }
    }

    void desired(Action.Desired desired, Runnable next) {
        String name = "desired " + desired.deviceId();
        Optional<JsonNode> state = run.render(desired.state(), name);
        if (state.isEmpty()) {
            return;
        }
        run.trace().device(desired.deviceId());
        if (run.dryRun()) {
            run.trace().step(TraceStep.Kind.ACTION, name, "would have set " + state.get() + " (dry run)");
            next.run();
            return;
        }
        Causation caused = run.trace().fired().causation().next();
        try {
            context.devices().commandSent(desired.deviceId(), caused, context.clock().instant(), Duration.ZERO);
            context.desired().setDesired(desired.deviceId(), (ObjectNode) state.get(), run.runtime().rule().id(), caused);
        } catch (RuntimeException e) {
            run.trace().step(TraceStep.Kind.ACTION, name, "failed: " + e);
            run.finish(RunOutcome.FAILED, name + " failed: " + e);
            return;
        }
        run.trace().step(TraceStep.Kind.ACTION, name, "set " + state.get());
        next.run();
    }

    void notify(Action.Notify notify, Runnable next) {
        Optional<JsonNode> message = run.render(JsonNodeFactory.instance.textNode(notify.message()), notify.toString());
        if (message.isEmpty()) {
            return;
        }
        String text = message.get().isTextual() ? message.get().asText() : message.get().toString();
        if (notify.channel() == Action.NotifyChannel.LOG) {
            if (run.dryRun()) {
                // A notification log line is read by people and alerting as the real thing.
                run.trace().step(TraceStep.Kind.ACTION, "notify log", "would have logged: " + text + " (dry run)");
                next.run();
                return;
            }
            notifyLog.info("rule '{}': {}", run.runtime().rule().id(), text);
            run.trace().step(TraceStep.Kind.ACTION, "notify log", "logged: " + text);
            next.run();
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("rule", run.runtime().rule().id()).put("message", text).put("causation", run.trace().fired().causation().id());
        body.set("trigger", run.trace().fired().values());
        String url = notify.url().orElseThrow().toString();
        if (run.dryRun()) {
            run.trace().step(TraceStep.Kind.ACTION, "notify webhook " + url, "would have posted " + body + " (dry run)");
            next.run();
            return;
        }
        Instant sent = context.clock().instant();
        String what = "notify webhook " + url;
        CompletionStage<Integer> answer;
        try {
            answer = context.notifier().post(notify.url().get(), body.toString());
        } catch (RuntimeException e) {
            webhookFailed(what, "webhook POST " + url + " failed: " + describe(e), sent);
            return;
        }
        if (answer == null) {
            webhookFailed(what, "webhook POST " + url + " failed: the notifier returned no result", sent);
            return;
        }
        answer.whenComplete((status, failure) -> context.execute(() -> {
            if (!run.active()) {
                return;
            }
            if (failure != null) {
                webhookFailed(what, "webhook POST " + url + " failed: " + describe(failure), sent);
            } else if (status == null || status < 200 || status > 299) {
                // As a command's error reply: the rule's author asked for this call, its failure must show.
                webhookFailed(what, "webhook POST " + url + " answered " + status, sent);
            } else {
                run.trace().step(TraceStep.Kind.ACTION, what, "HTTP " + status, sent);
                next.run();
            }
        }));
    }

    private void webhookFailed(String what, String why, Instant sent) {
        run.trace().step(TraceStep.Kind.ACTION, what, why, sent);
        run.finish(RunOutcome.FAILED, why);
    }

    /** Why a webhook call failed, in words: the cause, not the future's wrapper around it. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.ConnectException) {
            // java.net.http gives a refused connection, and an unknown host, without a message.
            if (cause.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host";
            }
            return cause.getMessage() == null ? "connection refused" : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + cause.getMessage() + ")";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
