package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The body a device publishes on the command's MQTT 5 response topic ({@code devices/{id}/replies}),
 * with the request's correlation data copied back. {@code result} is any JSON (null when none);
 * {@code error} says why a command failed and is null on success.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandReply(boolean ok, JsonNode result, String error) {
    public CommandReply {
        if (!ok) {
            Objects.requireNonNull(error, "a failed reply says why");
        }
    }

    public static CommandReply success(JsonNode result) {
        return new CommandReply(true, result, null);
    }

    public static CommandReply failure(String error) {
        return new CommandReply(false, null, error);
    }
}
