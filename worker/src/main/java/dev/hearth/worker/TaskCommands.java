package dev.hearth.worker;

import dev.hearth.cluster.ClusterCommand;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.CommandSink;
import dev.hearth.rules.yaml.Durations;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands a task's rules send: each goes out through {@code forward} (into the task's transaction) and waits
 * for the {@code CommandCompleted} with its id on the events topic, or for its timeout on the task's scheduler.
 *
 * <p>When the task moves, a run waiting here for a reply is lost, on purpose for now: the engine journals a run's
 * place only at {@code delay} and {@code wait_for}, not at a command. If the old owner had committed the command, the
 * hub delivers it once; its reply reaches the new owner, which has no run waiting and ignores it, so the run's later
 * steps never run. If the old owner had not committed, the new owner replays the record, runs the rule again from
 * its start and sends the command with the same id (nothing had reached the hub: it reads committed records only),
 * then goes on as usual. A run that sits in a {@code delay} or {@code wait_for} when the task moves goes on at the
 * new owner from its journal entry.
 */
final class TaskCommands {
    private static final Logger log = LoggerFactory.getLogger(TaskCommands.class);

    private final CommandIds ids;
    private final Consumer<ClusterCommand> forward;
    /** Wall-clock now: a command's issuedAt is when it was really sent (a deadline's command may be sent late). */
    private final Supplier<Instant> wallNow;
    private final ScheduledExecutorService scheduler;
    private final Map<String, CompletableFuture<CommandResult>> pending = new HashMap<>();

    TaskCommands(CommandIds ids, Consumer<ClusterCommand> forward, Supplier<Instant> wallNow,
                 ScheduledExecutorService scheduler) {
        this.ids = ids;
        this.forward = forward;
        this.wallNow = wallNow;
        this.scheduler = scheduler;
    }

    CommandSink sink(String site) {
        return request -> {
            ClusterCommand command = new ClusterCommand(ids.next(), site, request.deviceId(), request.command(),
                    request.args(), request.timeout(), request.ruleId(), request.causation(), wallNow.get());
            CompletableFuture<CommandResult> result = new CompletableFuture<>();
            pending.put(command.commandId(), result);
            ScheduledFuture<?> timeout = scheduler.schedule(() -> complete(command.commandId(), new CommandResult.NoReply(
                    "no reply within " + Durations.format(command.timeout()))), command.timeout().toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((done, failure) -> timeout.cancel(false));
            log.info("rule '{}' sends {}.{} {} to site {} (command {})", command.ruleId(), command.deviceId(),
                    command.command(), command.args(), site, command.commandId());
            forward.accept(command);
            return result;
        };
    }

    /** The command's outcome arrived; one that is not waiting (answered already, or sent by another task) is ignored. */
    void complete(String commandId, CommandResult result) {
        CompletableFuture<CommandResult> waiting = pending.remove(commandId);
        if (waiting != null) {
            waiting.complete(result);
        }
    }
}
