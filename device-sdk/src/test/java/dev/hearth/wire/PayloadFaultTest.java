package dev.hearth.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each way a payload can break the wire contract is refused with its own fault, never a crash. */
class PayloadFaultTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            object | `occupant=awake`                       | NOT_JSON
            object | `{"a":1`                               | NOT_JSON
            object | ``                                     | NOT_JSON
            object | `{"a":1} {"b":2}`                      | NOT_JSON
            object | `[1,2]`                                | NOT_OBJECT
            object | `42`                                   | NOT_OBJECT
            object | `"text"`                               | NOT_OBJECT
            object | `null`                                 | NOT_OBJECT
            reply  | `{"result":1}`                         | INVALID_REPLY
            reply  | `{"ok":"yes"}`                         | INVALID_REPLY
            reply  | `{"ok":false}`                         | INVALID_REPLY
            reply  | `{"ok":false,"error":{"code":1}}`      | INVALID_REPLY
            reply  | `[true]`                               | NOT_OBJECT
            meta   | `{"type":5}`                           | INVALID_META
            meta   | `{"type":"lamp","attributes":[1]}`     | INVALID_META
            status | `maybe`                                | INVALID_STATUS
            status | `{"online":true}`                      | INVALID_STATUS
            """)
    void refusesWithTheFault(String reader, String payload, PayloadFault fault) {
        assertThatThrownBy(() -> read(reader, utf8(payload)))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class, e -> assertThat(e.fault()).isEqualTo(fault));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"object", "reply", "meta", "status"})
    void invalidUtf8IsItsOwnFault(String reader) {
        byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> read(reader, payload))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                        e -> assertThat(e.fault()).isEqualTo(PayloadFault.INVALID_UTF8));
    }

    @ParameterizedTest(name = "{0} levels")
    @CsvSource({"33", "10000", "1000000"})
    void deepNestingIsRefusedCleanly(int depth) {
        byte[] arrays = utf8("[".repeat(depth) + "]".repeat(depth));
        byte[] objects = utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        for (byte[] payload : new byte[][] {arrays, objects}) {
            PayloadFault expected = payload.length > WireJson.MAX_PAYLOAD_BYTES ? PayloadFault.TOO_LARGE : PayloadFault.TOO_DEEP;
            assertThatThrownBy(() -> WireJson.parseObject(payload))
                    .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class, e -> assertThat(e.fault()).isEqualTo(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            too many bytes     | `{"blob":"#"}`
            a 2,000-digit number | `{"n":#}`
            """)
    void largeIsRefusedCleanly(String what, String template) {
        String filler = template.contains("\"#\"") ? "x".repeat(WireJson.MAX_PAYLOAD_BYTES) : "9".repeat(2_000);
        assertThatThrownBy(() -> WireJson.parseObject(utf8(template.replace("#", filler))))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                        e -> assertThat(e.fault()).isEqualTo(PayloadFault.TOO_LARGE));
    }

    @Test
    void acceptsNestingUpToTheLimit() throws Exception {
        int depth = WireJson.MAX_NESTING;
        assertThat(WireJson.parseObject(utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)))).isNotNull();
    }

    @Test
    void aReplyWithFieldsOfANewerDeviceIsRead() throws Exception {
        assertThat(CommandReply.parse(utf8("{\"ok\":true,\"result\":{\"eta\":90},\"took_ms\":12}")).ok()).isTrue();
    }

    private static Object read(String reader, byte[] payload) throws WireJson.InvalidPayloadException {
        return switch (reader) {
            case "object" -> WireJson.parseObject(payload);
            case "reply" -> CommandReply.parse(payload);
            case "meta" -> DeviceMeta.parse(payload);
            case "status" -> Availability.read(payload);
            default -> throw new IllegalArgumentException(reader);
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
