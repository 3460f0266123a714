package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The body a device publishes on the command's MQTT 5 response topic ({@code devices/{id}/replies}),
 * with the request's correlation data copied back. {@code result} is any JSON (null when none);
 * {@code error} says why a command failed and is null on success. Unknown fields are ignored, so
 * that a newer device can answer an older hub.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
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

    /** Reads a reply payload; the exception says what is wrong with it. */
    public static CommandReply parse(byte[] payload) throws WireJson.InvalidPayloadException {
        JsonNode root = WireJson.parseObject(payload);
        JsonNode ok = root.path("ok");
        JsonNode error = root.path("error");
        if (!ok.isBoolean()) {
            throw invalid("a reply needs \"ok\": true or false");
        }
        if (!error.isMissingNode() && !error.isNull() && !error.isTextual()) {
            throw invalid("\"error\" must be a string, got " + error.getNodeType().name().toLowerCase());
        }
        if (!ok.booleanValue() && !error.isTextual()) {
            throw invalid("a failed reply needs an \"error\" saying why");
        }
        try {
            return WireJson.mapper().treeToValue(root, CommandReply.class);
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage());
        }
    }

    private static WireJson.InvalidPayloadException invalid(String why) {
        return new WireJson.InvalidPayloadException(PayloadFault.INVALID_REPLY, "invalid reply: " + why);
    }
}
