package dev.hearth.wire;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The JSON mapper for payloads on the wire, shared by devices and the hub. */
public final class WireJson {
    /** Payload nesting deeper than this is refused: state objects are shallow. */
    public static final int MAX_NESTING = 32;
    /**
     * A JSON payload larger than this is refused whatever the broker's packet limit: a state,
     * meta, telemetry or reply is a few hundred bytes, and every accepted one is kept in memory.
     */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /**
     * Field names are neither interned nor canonicalized: both keep every name the parser has seen
     * in a table shared by all parsers, and names come from devices, so one device sending unique
     * names (even in payloads refused afterwards, as too deep) would fill the heap with them.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                    .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"on":true,"on":false}: one reader takes the first, another the last; refuse rather than guess
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

    /** Parses a payload that must be one JSON object; the exception says what it was instead. */
    public static ObjectNode parseObject(byte[] payload) throws InvalidPayloadException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidPayloadException(PayloadFault.TOO_LARGE,
                    payload.length + " bytes, more than the " + MAX_PAYLOAD_BYTES + " a JSON payload may have");
        }
        if (!isAscii(payload)) {
            strictUtf8(payload);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(payload);
        } catch (StreamConstraintsException e) {
            // The nesting limit is the one a hostile payload meets first; the others are lengths.
            PayloadFault fault = e.getMessage().contains("getMaxNestingDepth") ? PayloadFault.TOO_DEEP : PayloadFault.TOO_LARGE;
            throw new InvalidPayloadException(fault, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            PayloadFault fault = isDuplicateKey(e) ? PayloadFault.DUPLICATE_KEY : PayloadFault.NOT_JSON;
            throw new InvalidPayloadException(fault, "not valid JSON: " + firstLine(why));
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidPayloadException(PayloadFault.NOT_JSON, "empty payload, expected a JSON object");
        }
        if (!node.isObject()) {
            throw new InvalidPayloadException(PayloadFault.NOT_OBJECT,
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        requireFiniteNumbers(node);
        return (ObjectNode) node;
    }

    /**
     * Refuses a number beyond the range of a double anywhere in {@code node}: Jackson reads
     * {@code 1e999} as infinity, which JSON cannot write back (it came out as the string "Infinity").
     */
    public static void requireFiniteNumbers(JsonNode node) throws InvalidPayloadException {
        if (node.isNumber()) {
            if (!Double.isFinite(node.doubleValue())) {
                throw new InvalidPayloadException(PayloadFault.NUMBER_OUT_OF_RANGE,
                        "a number beyond the range of a double (about 1.8e308): " + firstChars(node.asText()));
            }
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) {
                requireFiniteNumbers(child);
            }
        }
    }

    /** Jackson says "Duplicate field 'x'" with no type of its own for it. */
    public static boolean isDuplicateKey(IOException e) {
        return e instanceof JsonParseException && String.valueOf(e.getMessage()).startsWith("Duplicate field");
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Lenient: malformed bytes become U+FFFD. For text that is only shown. */
    public static String utf8(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload as text, refused when it is not UTF-8 (MQTT 5's payload format indicator says so too). */
    public static String strictUtf8(byte[] payload) throws InvalidPayloadException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPayloadException(PayloadFault.INVALID_UTF8, "the payload is not UTF-8 text");
        }
    }

    /** Most payloads are ASCII, and ASCII is UTF-8: no decoder needed on the hub's hot path. */
    private static boolean isAscii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String firstChars(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A payload that does not follow the wire contract, and which rule it breaks. */
    public static final class InvalidPayloadException extends Exception {
        private final PayloadFault fault;

        public InvalidPayloadException(PayloadFault fault, String message) {
            super(message);
            this.fault = fault;
        }

        public PayloadFault fault() {
            return fault;
        }
    }
}
