package dev.hearth.hub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hub.commands.RecentCommands.SentCommand;

/** A command sent to a device and how it ended: {@code ok}, {@code error} (the device refused) or {@code no-reply}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandView(String sentAt, String command, JsonNode args, String sentBy, String outcome,
                          JsonNode result, String error, long latencyMillis) {
    static CommandView of(SentCommand sent) {
        return new CommandView(sent.sentAt().toString(), sent.command(), sent.args(), sent.sentBy(), sent.outcome(),
                sent.result().orElse(null), sent.error().orElse(null), sent.latency().toMillis());
    }
}
