package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.Causation;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.RunOutcome;
import dev.hearth.rules.TimerJournal;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.expr.ExpressionException;
import dev.hearth.rules.internal.expr.Template;
import dev.hearth.rules.internal.expr.Values;
import dev.hearth.rules.internal.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a rule's actions. Nothing blocks the scheduler: each action calls {@code next} when it
 * is done (at once, or later from a timer or a reply, back on the scheduler). Any failure ends the
 * whole run through {@link #finish}; every callback checks {@link #active()} first, so a cancelled
 * run's late replies and timers do nothing.
 */
final class RuleRun {
    /**
     * The hub enforces each command's timeout; past it by this much, the run gives up on the
     * command anyway, so that a lost result cannot keep a rule busy for ever.
     */
    static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);
    private static final Logger notifyLog = LoggerFactory.getLogger("dev.hearth.rules.notify");

    private final RuleRuntime runtime;
    private final EngineContext context;
    private final RunTrace trace;
    private final String key;
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final Map<String, Object> variables;
    private final List<Runnable> cleanups = new ArrayList<>();
    private boolean started;
    private boolean finished;
    /** Set when the engine closes: deadlines stay in the journal for the next start. */
    private boolean keepJournal;

    RuleRun(RuleRuntime runtime, RunTrace trace, String key) {
        this.runtime = runtime;
        this.context = runtime.context();
        this.trace = trace;
        this.key = key;
        this.variables = runtime.variables(trace.fired(), vars);
    }

    String key() {
        return key;
    }

    void start() {
        resumeAt(0);
    }

    /** Starts at a top-level action: 0 for a new run, later for one restored from the journal. */
    void resumeAt(int index) {
        started = true;
        List<Action> actions = runtime.rule().actions();
        runList(actions, index, true, () -> finish(RunOutcome.COMPLETED,
                actions.size() + (actions.size() == 1 ? " action" : " actions") + " done"));
    }

    /** Restored from the journal: waits out the top-level delay at {@code index}, then goes on after it. */
    void resumeDelay(int index, Instant due) {
        started = true;
        List<Action> actions = runtime.rule().actions();
        Duration duration = ((Action.Delay) actions.get(index)).duration();
        delay(duration, index, due, () -> runList(actions, index + 1, true, () -> finish(RunOutcome.COMPLETED,
                actions.size() + (actions.size() == 1 ? " action" : " actions") + " done")));
    }

    void restoreVariables(JsonNode saved) {
        if (saved instanceof ObjectNode object) {
            object.fields().forEachRemaining(entry -> vars.put(entry.getKey(), Values.fromJson(entry.getValue())));
        }
    }

    void drop(String why) {
        trace.step(TraceStep.Kind.MODE, "mode " + runtime.rule().mode().yamlName(), "dropped: " + why);
        finish(RunOutcome.DROPPED, why);
    }

    void note(String decision) {
        trace.step(TraceStep.Kind.MODE, "mode " + runtime.rule().mode().yamlName(), decision);
    }

    void cancel(String why) {
        finish(RunOutcome.CANCELLED, why);
    }

    void suspend(String why) {
        keepJournal = true;
        finish(RunOutcome.CANCELLED, why);
    }

    private boolean active() {
        if (!finished && runtime.isRetired()) {
            if (runtime.owner().keepsJournal()) {
                suspend("the rule engine closed");
            } else {
                finish(RunOutcome.CANCELLED, "the rules were replaced");
            }
        }
        return !finished;
    }

    private void runList(List<Action> actions, int index, boolean top, Runnable next) {
        if (!active()) {
            return;
        }
        if (index == actions.size()) {
            next.run();
            return;
        }
        Action action = actions.get(index);
        Runnable after = () -> runList(actions, index + 1, top, next);
        if (action instanceof Action.Command command) {
            command(command, after);
        } else if (action instanceof Action.Desired desired) {
            desired(desired, after);
        } else if (action instanceof Action.Delay delay) {
            delay(delay.duration(), top ? index : -1, context.clock().instant().plus(delay.duration()), after);
        } else if (action instanceof Action.WaitFor waitFor) {
            waitFor(waitFor, after);
        } else if (action instanceof Action.Choose choose) {
            choose(choose, after);
        } else if (action instanceof Action.Repeat repeat) {
            repeat(repeat, 0, after);
        } else if (action instanceof Action.Parallel parallel) {
            parallel(parallel, after);
        } else if (action instanceof Action.Sequence sequence) {
            runList(sequence.actions(), 0, false, after);
        } else if (action instanceof Action.Notify notify) {
            notify(notify, after);
        } else if (action instanceof Action.SetEnabled setEnabled) {
            boolean known = runtime.owner().setEnabled(setEnabled.ruleId(), setEnabled.enabled());
            trace.step(TraceStep.Kind.ACTION, setEnabled.toString(), known ? "done" : "no such rule");
            after.run();
        } else {
            setVariables((Action.Variables) action, after);
        }
    }

    private Optional<JsonNode> render(JsonNode value, String what) {
        try {
            return Optional.of(Template.renderAll(value, variables));
        } catch (ExpressionException e) {
            trace.step(TraceStep.Kind.ACTION, what, "failed: " + e.getMessage());
            finish(RunOutcome.FAILED, what + " failed: an expression failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void command(Action.Command command, Runnable next) {
        String name = "command " + command.deviceId() + "." + command.command();
        Optional<JsonNode> args = render(command.args(), name);
        if (args.isEmpty()) {
            return;
        }
        trace.device(command.deviceId());
        if (runtime.dryRun()) {
            trace.step(TraceStep.Kind.ACTION, name + " " + args.get(), "would have sent " + command.command() + " "
                    + args.get() + " to " + command.deviceId() + " (dry run)");
            next.run();
            return;
        }
        Causation caused = trace.fired().causation().next();
        CommandRequest request = new CommandRequest(command.deviceId(), command.command(), (ObjectNode) args.get(),
                command.timeout(), runtime.rule().id(), caused);
        Instant sent = context.clock().instant();
        context.devices().commandSent(command.deviceId(), caused, sent, command.timeout());
        CompletionStage<CommandResult> result;
        try {
            result = context.commands().send(request);
        } catch (RuntimeException e) {
            trace.step(TraceStep.Kind.ACTION, name + " " + args.get(), "could not be sent: " + e);
            finish(RunOutcome.FAILED, name + " could not be sent: " + e);
            return;
        }
        if (result == null) {
            finish(RunOutcome.FAILED, name + " could not be sent: the command sink returned no result");
            return;
        }
        boolean[] resumed = {false};
        ScheduledFuture<?> watchdog = context.schedule(() -> resume(resumed, name, args.get(), sent,
                new CommandResult.NoReply("no result within " + Durations.format(command.timeout()) + " + "
                        + Durations.format(WATCHDOG_GRACE)), null, next),
                command.timeout().plus(WATCHDOG_GRACE)).orElse(null);
        cleanupsAdd(watchdog);
        // If the scheduler has stopped, the engine is closed and nobody waits for the run any more.
        result.whenComplete((reply, failure) -> context.execute(
                () -> resume(resumed, name, args.get(), sent, reply, failure, next)));
    }

    private void cleanupsAdd(ScheduledFuture<?> future) {
        cleanups.add(() -> cancel(future));
    }

    private void resume(boolean[] resumed, String name, JsonNode args, Instant sent, CommandResult result,
                        Throwable failure, Runnable next) {
        if (resumed[0] || !active()) {
            return;
        }
        resumed[0] = true;
        String what = name + " " + args;
        if (failure != null || result == null) {
            String why = name + " failed: " + (failure != null ? failure : "no result");
            trace.step(TraceStep.Kind.ACTION, what, why, sent);
            finish(RunOutcome.FAILED, why);
        } else if (result instanceof CommandResult.NoReply noReply) {
            trace.step(TraceStep.Kind.ACTION, what, "no reply: " + noReply.reason(), sent);
            finish(RunOutcome.FAILED, name + " got no reply: " + noReply.reason());
        } else if (result instanceof CommandResult.Replied replied && !replied.ok()) {
            String error = replied.error().orElse("(none given)");
            trace.step(TraceStep.Kind.ACTION, what, "replied with an error: " + error, sent);
            finish(RunOutcome.FAILED, name + " replied with an error: " + error);
        } else {
            CommandResult.Replied replied = (CommandResult.Replied) result;
            trace.step(TraceStep.Kind.ACTION, what, "replied ok" + replied.result().map(r -> ": " + r).orElse(""), sent);
            next.run();
        }
    }

    private void desired(Action.Desired desired, Runnable next) {
        String name = "desired " + desired.deviceId();
        Optional<JsonNode> state = render(desired.state(), name);
        if (state.isEmpty()) {
            return;
        }
        trace.device(desired.deviceId());
        if (runtime.dryRun()) {
            trace.step(TraceStep.Kind.ACTION, name, "would have set " + state.get() + " (dry run)");
            next.run();
            return;
        }
        Causation caused = trace.fired().causation().next();
        try {
            context.devices().commandSent(desired.deviceId(), caused, context.clock().instant(), Duration.ZERO);
            context.desired().setDesired(desired.deviceId(), (ObjectNode) state.get(), runtime.rule().id(), caused);
        } catch (RuntimeException e) {
            trace.step(TraceStep.Kind.ACTION, name, "failed: " + e);
            finish(RunOutcome.FAILED, name + " failed: " + e);
            return;
        }
        trace.step(TraceStep.Kind.ACTION, name, "set " + state.get());
        next.run();
    }

    /** A top-level delay ({@code topIndex} >= 0) is journaled, so the run goes on after a restart. */
    void delay(Duration duration, int topIndex, Instant due, Runnable next) {
        String journalId = topIndex >= 0 ? trace.runId() + ".delay" : null;
        if (journalId != null) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("index", topIndex);
            data.put("actions", ActiveRules.fingerprint(runtime.rule()));
            data.put("description", trace.fired().description());
            data.set("values", trace.fired().values());
            data.put("causation", trace.fired().causation().id());
            data.put("depth", trace.fired().causation().depth());
            data.set("vars", Values.toJson(vars));
            context.timers().put(new TimerJournal.Entry(journalId, runtime.rule().id(), "delay", due, data));
        }
        Instant begun = context.clock().instant();
        ScheduledFuture<?> timer = context.schedule(() -> {
            if (!active()) {
                return;
            }
            if (journalId != null) {
                context.timers().remove(journalId);
            }
            trace.step(TraceStep.Kind.ACTION, "delay " + Durations.format(duration), "waited until " + due, begun);
            next.run();
        }, Duration.between(begun, due)).orElse(null);
        cleanups.add(() -> {
            cancel(timer);
            if (journalId != null && !keepJournal) {
                context.timers().remove(journalId);
            }
        });
    }

    private void waitFor(Action.WaitFor waitFor, Runnable next) {
        Instant begun = context.clock().instant();
        boolean[] done = {false};
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        Runnable stopWaiting = runtime.owner().addWaiter(waitFor.triggers(), fired -> {
            if (done[0] || !active()) {
                return;
            }
            done[0] = true;
            cancel(timeout[0]);
            vars.put("wait", Values.fromJson(fired.values()));
            trace.step(TraceStep.Kind.ACTION, waitFor.toString(), "fired: " + fired.description(), begun);
            next.run();
        });
        cleanups.add(stopWaiting);
        waitFor.timeout().ifPresent(limit -> {
            timeout[0] = context.schedule(() -> {
                if (done[0] || !active()) {
                    return;
                }
                done[0] = true;
                stopWaiting.run();
                String why = "wait_for timed out after " + Durations.format(limit);
                trace.step(TraceStep.Kind.ACTION, waitFor.toString(), why
                        + (waitFor.continueOnTimeout() ? "; continuing" : ""), begun);
                if (waitFor.continueOnTimeout()) {
                    next.run();
                } else {
                    finish(RunOutcome.FAILED, why);
                }
            }, limit).orElse(null);
            cleanupsAdd(timeout[0]);
        });
    }

    private void choose(Action.Choose choose, Runnable next) {
        for (int index = 0; index < choose.branches().size(); index++) {
            Action.Branch branch = choose.branches().get(index);
            if (runtime.conditions().firstUnmet(branch.conditions(), variables, trace).isEmpty()) {
                trace.step(TraceStep.Kind.ACTION, "choose", "branch " + (index + 1));
                runList(branch.actions(), 0, false, next);
                return;
            }
        }
        trace.step(TraceStep.Kind.ACTION, "choose", choose.otherwise().isEmpty() ? "no branch holds; no default" : "default");
        runList(choose.otherwise(), 0, false, next);
    }

    private void repeat(Action.Repeat repeat, int pass, Runnable next) {
        if (!active()) {
            return;
        }
        if (pass >= Action.Repeat.MAX_PASSES) {
            finish(RunOutcome.FAILED, repeat + " stopped after " + Action.Repeat.MAX_PASSES + " passes");
            return;
        }
        boolean countDone = repeat.count().isPresent() && pass >= repeat.count().getAsInt();
        boolean whileEnds = !repeat.whileAll().isEmpty()
                && runtime.conditions().firstUnmet(repeat.whileAll(), variables, null).isPresent();
        if (countDone || whileEnds) {
            trace.step(TraceStep.Kind.ACTION, repeat.toString(), pass + " passes");
            next.run();
            return;
        }
        vars.put("repeat", Map.of("index", (long) pass + 1));
        runList(repeat.actions(), 0, false, () -> {
            if (!repeat.untilAll().isEmpty()
                    && runtime.conditions().firstUnmet(repeat.untilAll(), variables, null).isEmpty()) {
                trace.step(TraceStep.Kind.ACTION, repeat.toString(), (pass + 1) + " passes");
                next.run();
                return;
            }
            // Through the scheduler: a long loop of quick actions must not grow the stack.
            context.execute(() -> repeat(repeat, pass + 1, next));
        });
    }

    private void parallel(Action.Parallel parallel, Runnable next) {
        int[] left = {parallel.branches().size()};
        if (left[0] == 0) {
            next.run();
            return;
        }
        for (Action branch : parallel.branches()) {
            runList(List.of(branch), 0, false, () -> {
                if (--left[0] == 0) {
                    next.run();
                }
            });
        }
    }

    private void notify(Action.Notify notify, Runnable next) {
        Optional<JsonNode> message = render(JsonNodeFactory.instance.textNode(notify.message()), notify.toString());
        if (message.isEmpty()) {
            return;
        }
        String text = message.get().isTextual() ? message.get().asText() : message.get().toString();
        if (notify.channel() == Action.NotifyChannel.LOG) {
            notifyLog.info("rule '{}': {}", runtime.rule().id(), text);
            trace.step(TraceStep.Kind.ACTION, "notify log", "logged: " + text);
            next.run();
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("rule", runtime.rule().id()).put("message", text).put("causation", trace.fired().causation().id());
        body.set("trigger", trace.fired().values());
        String url = notify.url().orElseThrow().toString();
        if (runtime.dryRun()) {
            trace.step(TraceStep.Kind.ACTION, "notify webhook " + url, "would have posted " + body + " (dry run)");
            next.run();
            return;
        }
        Instant sent = context.clock().instant();
        boolean[] resumed = {false};
        Runnable resume = () -> {
            if (!resumed[0] && active()) {
                resumed[0] = true;
                next.run();
            }
        };
        try {
            context.notifier().post(notify.url().get(), body.toString()).whenComplete((status, failure) ->
                    context.execute(() -> {
                        if (!resumed[0] && active()) {
                            // A notification is best effort: its failure is traced, the run goes on.
                            trace.step(TraceStep.Kind.ACTION, "notify webhook " + url, failure != null
                                    ? "failed: " + failure : "HTTP " + status, sent);
                            resume.run();
                        }
                    }));
        } catch (RuntimeException e) {
            trace.step(TraceStep.Kind.ACTION, "notify webhook " + url, "failed: " + e);
            resume.run();
        }
    }

    private void setVariables(Action.Variables action, Runnable next) {
        Optional<JsonNode> values = render(action.values(), "variables");
        if (values.isEmpty()) {
            return;
        }
        values.get().fields().forEachRemaining(entry -> vars.put(entry.getKey(), Values.fromJson(entry.getValue())));
        trace.step(TraceStep.Kind.ACTION, "variables", "set " + values.get());
        next.run();
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    void finish(RunOutcome outcome, String detail) {
        if (finished) {
            return;
        }
        finished = true;
        List.copyOf(cleanups).forEach(Runnable::run);
        cleanups.clear();
        trace.finish(outcome, detail);
        if (started) {
            runtime.finished(this);
        }
    }
}
