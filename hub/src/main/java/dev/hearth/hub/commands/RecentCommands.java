package dev.hearth.hub.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few commands sent to each device and how they ended, newest first, for the
 * dashboard. In memory on purpose: it answers "what just happened", the traces and logs keep
 * the record; a restart forgets it.
 */
public final class RecentCommands implements CommandDispatcher.Observer {
    public static final int PER_DEVICE = 20;

    private final Clock clock;
    private final Map<String, Deque<SentCommand>> byDevice = new ConcurrentHashMap<>();

    public RecentCommands(Clock clock) {
        this.clock = clock;
    }

    /**
     * One sent command and its end. {@code sentBy} is "api" or the rule's id; {@code outcome} is
     * ok, error (the device refused) or no-reply, with the device's result or the error.
     */
    public record SentCommand(Instant sentAt, String device, String command, JsonNode args, String sentBy,
                              String outcome, Optional<JsonNode> result, Optional<String> error, Duration latency) {
    }

    @Override
    public void completed(CommandRequest request, CommandResult result, Duration latency) {
        String outcome = "no-reply";
        Optional<JsonNode> reply = Optional.empty();
        Optional<String> error;
        if (result instanceof CommandResult.Replied replied) {
            outcome = replied.ok() ? "ok" : "error";
            reply = replied.result();
            error = replied.error();
        } else {
            error = Optional.of(((CommandResult.NoReply) result).reason());
        }
        SentCommand sent = new SentCommand(clock.instant().minus(latency), request.deviceId(), request.command(),
                request.args(), request.ruleId(), outcome, reply, error, latency);
        Deque<SentCommand> ring = byDevice.computeIfAbsent(request.deviceId(), device -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addFirst(sent);
            if (ring.size() > PER_DEVICE) {
                ring.removeLast();
            }
        }
    }

    /** Newest first. */
    public List<SentCommand> of(String deviceId) {
        Deque<SentCommand> ring = byDevice.get(deviceId);
        if (ring == null) {
            return List.of();
        }
        synchronized (ring) {
            return List.copyOf(ring);
        }
    }
}
