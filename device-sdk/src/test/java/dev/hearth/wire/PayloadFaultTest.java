package dev.hearth.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each way a payload can break the wire contract is refused with its own fault, never a crash. */
class PayloadFaultTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-27T06:00:00Z");

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
            object | `{"big":1e999}`                        | NUMBER_OUT_OF_RANGE
            object | `{"a":[1,{"b":-1e400}]}`               | NUMBER_OUT_OF_RANGE
            object | `{"a":1#}`                             | NUMBER_OUT_OF_RANGE
            object | `{"a":1,"a":2}`                        | DUPLICATE_KEY
            object | `{"a":{"b":1,"c":2,"b":1}}`            | DUPLICATE_KEY
            reply  | `{"ok":true,"ok":false}`               | DUPLICATE_KEY
            meta   | `{"type":"lamp","type":"bed"}`         | DUPLICATE_KEY
            telemetry | `{"ts":"+1000000000-01-01T00:00:00Z","v":1}` | INVALID_TIMESTAMP
            telemetry | `{"ts":"-1000000000-01-01T00:00:00Z","v":1}` | INVALID_TIMESTAMP
            telemetry | `{"ts":"yesterday","v":1}`          | INVALID_TIMESTAMP
            telemetry | `{"ts":"1999-12-31T23:59:59.999Z"}` | INVALID_TIMESTAMP
            telemetry | `{"ts":"2026-11-28T06:00:00.001Z"}` | INVALID_TIMESTAMP
            telemetry | `{"ts":946684799999}`               | INVALID_TIMESTAMP
            telemetry | `{"ts":9223372036854775807}`        | INVALID_TIMESTAMP
            telemetry | `{"ts":1e30}`                       | INVALID_TIMESTAMP
            telemetry | `{"ts":true}`                       | INVALID_TIMESTAMP
            telemetry | `{"ts":{"ms":1}}`                   | INVALID_TIMESTAMP
            """)
    void refusesWithTheFault(String reader, String payload, PayloadFault fault) {
        String expanded = payload.replace("#", "0".repeat(400)); // 1 and 400 zeros: an integer past any double
        assertThatThrownBy(() -> read(reader, utf8(expanded)))
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"ts":"2000-01-01T00:00:00Z"}`     | 2000-01-01T00:00:00Z
            `{"ts":"2026-11-28T06:00:00Z"}`     | 2026-11-28T06:00:00Z
            `{"ts":1795845600000}`              | 2026-11-28T06:00:00Z
            `{"ts":"2026-11-27T07:00:00+01:00"}` | 2026-11-27T06:00:00Z
            `{"v":1}`                           | 2026-11-27T06:00:00Z
            `{"ts":null,"v":1}`                 | 2026-11-27T06:00:00Z
            """)
    void aMeasurementTimeInRangeIsTakenAndNoneIsTheTimeReceived(String payload, String expected) throws Exception {
        assertThat(Telemetry.measuredAt(WireJson.parseObject(utf8(payload)), RECEIVED)).isEqualTo(Instant.parse(expected));
    }

    /** Bytes, not a CSV row: the CSV reader drops NUL. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"online,0", "online,7", "online,31", "offline,0"})
    void aStatusWithAControlCharacterIsRefused(String word, int control) {
        for (String payload : new String[] {word + (char) control, (char) control + word, word + (char) control + "\n"}) {
            assertThatThrownBy(() -> Availability.read(utf8(payload)))
                    .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                            e -> assertThat(e.fault()).isEqualTo(PayloadFault.INVALID_STATUS));
        }
    }

    @Test
    void numbersUpToTheRangeOfADoubleAndStatusLineEndsAreFine() throws Exception {
        assertThat(WireJson.parseObject(utf8("{\"a\":1.7e308,\"b\":-1.7e308,\"c\":4.9e-324,\"d\":1e-999}"))).hasSize(4);
        assertThat(Availability.read(utf8("online\n"))).isEqualTo(Availability.ONLINE);
        assertThat(Availability.read(utf8(" offline\r\n"))).isEqualTo(Availability.OFFLINE);
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
            case "telemetry" -> Telemetry.measuredAt(WireJson.parseObject(payload), RECEIVED);
            default -> throw new IllegalArgumentException(reader);
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
