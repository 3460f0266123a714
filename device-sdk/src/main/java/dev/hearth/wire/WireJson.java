package dev.hearth.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON mapper for payloads on the wire, shared by devices and the hub. */
public final class WireJson {
    /** Payload nesting deeper than this is refused: state objects are shallow. */
    public static final int MAX_NESTING = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .build());
    }

    private WireJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a payload that must be one JSON object; the message says what it was instead. */
    public static ObjectNode parseObject(byte[] payload) throws InvalidPayloadException {
        JsonNode node;
        try {
            node = MAPPER.readTree(payload);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidPayloadException("not valid JSON: " + firstLine(why));
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidPayloadException("empty payload, expected a JSON object");
        }
        if (!node.isObject()) {
            throw new InvalidPayloadException("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static String utf8(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A payload that does not follow the wire contract. */
    public static final class InvalidPayloadException extends Exception {
        public InvalidPayloadException(String message) {
            super(message);
        }
    }
}
