package dev.hearth.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A partial state object merges": each row merges its earlier reports, then one more, and says
 * which attributes that one changed (attribute: previous -&gt; current) or why it is refused. A
 * merged report leaves the state it was merged into with its attributes set and its nulls removed;
 * a refused one leaves the state as it was.
 */
class MergedStateTest {
    /** A report is at most 64 KiB: five of these fit in a device's state, a sixth does not. */
    private static final String BLOB = "x".repeat(50_000);
    private static final String LONGEST_NAME = "n".repeat(MergedState.MAX_ATTRIBUTE_NAME_LENGTH);
    /** What five {@code "b<i>":BLOB} (50,007 bytes each) leave of the state limit. */
    private static final int LEFT_BY_FIVE_BLOBS = MergedState.MAX_STATE_BYTES - 5 * 50_007;
    /** A value that fits what five blobs leave, but not with a name of 120 characters. */
    private static final String FITS_ALONE = "v".repeat(LEFT_BY_FIVE_BLOBS - 2 - 60);

    static Stream<Arguments> merges() {
        return Stream.of(
                arguments("partial reports merge, and only real changes count",
                        List.of(json("{\"temp\":20.5,\"mode\":\"heat\"}")), json("{\"temp\":21,\"mode\":\"heat\"}"),
                        List.of("temp: 20.5 -> 21")),
                arguments("the first report is a change from nothing",
                        List.of(), json("{\"occupant\":\"asleep\"}"), List.of("occupant: none -> \"asleep\"")),
                arguments("null removes an attribute",
                        List.of(json("{\"on\":true,\"level\":3}")), json("{\"level\":null}"), List.of("level: 3 -> null")),
                arguments("null for an attribute that is not there changes nothing",
                        List.of(json("{\"on\":true}")), json("{\"level\":null}"), List.of()),
                arguments("nested values merge whole, not field by field",
                        List.of(json("{\"color\":{\"r\":1,\"g\":2}}")), json("{\"color\":{\"r\":3}}"),
                        List.of("color: {\"r\":1,\"g\":2} -> {\"r\":3}")),
                arguments("replacing an attribute counts its new size only, and removing one makes room",
                        Stream.concat(blobs("blob", 5).stream(), Stream.of(json("{\"blob0\":\"" + BLOB + "\",\"blob1\":null}"))).toList(),
                        json("{\"blob5\":\"" + BLOB + "\"}"), List.of("blob5: none -> <50000 chars>")),
                arguments("changing an attribute that is there adds none to the count",
                        List.of(full()), json("{\"a0\":-1}"), List.of("a0: 0 -> -1")),
                arguments("removing an attribute makes room for another",
                        List.of(full()), json("{\"a1\":null,\"one-more\":1}"), List.of("a1: 1 -> null", "one-more: none -> 1")),
                arguments("a name as long as the limit is taken",
                        List.of(), json("{\"" + LONGEST_NAME + "\":1}"), List.of(LONGEST_NAME + ": none -> 1")),
                arguments("a value that fits what is left is taken with a short name",
                        blobs("b", 5), json("{\"n\":\"" + FITS_ALONE + "\"}"), List.of("n: none -> <" + FITS_ALONE.length() + " chars>")));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("a report that would outgrow the state limit",
                        blobs("blob", 5), json("{\"occupant\":\"awake\",\"blob5\":\"" + BLOB + "\"}"), PayloadFault.STATE_TOO_LARGE),
                arguments("attribute names count in the state limit",
                        blobs("b", 5), json("{\"" + "n".repeat(120) + "\":\"" + FITS_ALONE + "\"}"), PayloadFault.STATE_TOO_LARGE),
                arguments("a name longer than the limit",
                        List.of(json("{\"" + LONGEST_NAME + "\":1}")), json("{\"occupant\":\"awake\",\"" + LONGEST_NAME + "x\":1}"),
                        PayloadFault.ATTRIBUTE_NAME_TOO_LONG),
                arguments("one attribute more than a device may have",
                        List.of(full()), json("{\"a0\":-1,\"one-more\":1}"), PayloadFault.TOO_MANY_ATTRIBUTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void aReportMerges(String why, List<ObjectNode> earlier, ObjectNode report, List<String> changes) throws Exception {
        MergedState state = stateAfter(earlier);
        ObjectNode expected = withNullsRemoved(state.copy(), report);

        assertThat(state.merge(report)).extracting(MergedStateTest::describe).containsExactlyElementsOf(changes);
        assertThat(state.copy()).isEqualTo(expected);
        assertThat(state.copy().size()).isLessThanOrEqualTo(MergedState.MAX_ATTRIBUTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aReportPastALimitIsRefusedWholeAndChangesNothing(String why, List<ObjectNode> earlier, ObjectNode report,
                                                          PayloadFault fault) throws Exception {
        MergedState state = stateAfter(earlier);
        ObjectNode before = state.copy();

        assertThatThrownBy(() -> state.merge(report)).isInstanceOfSatisfying(WireJson.InvalidPayloadException.class, e -> {
            assertThat(e.fault()).isEqualTo(fault);
            // a name too long to keep is not kept in the message either
            report.fieldNames().forEachRemaining(name -> {
                if (name.length() > MergedState.MAX_ATTRIBUTE_NAME_LENGTH) {
                    assertThat(e.getMessage()).doesNotContain(name);
                }
            });
        });
        assertThat(state.copy()).isEqualTo(before);
    }

    @Test
    void aReadReportMergesIntoAnyState() throws Exception {
        MergedState.Report report = MergedState.read(json("{\"occupant\":\"awake\"}"));
        MergedState bed = new MergedState();
        MergedState other = new MergedState();
        other.merge(json("{\"occupant\":\"awake\"}"));

        assertThat(bed.merge(report)).extracting(MergedStateTest::describe).containsExactly("occupant: none -> \"awake\"");
        assertThat(other.merge(report)).isEmpty();
        assertThatThrownBy(() -> MergedState.read(json("{\"" + LONGEST_NAME + "x\":1}")))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                        e -> assertThat(e.fault()).isEqualTo(PayloadFault.ATTRIBUTE_NAME_TOO_LONG));
    }

    @Test
    void restoringSkipsNamesTooLongAndAttributesPastTheCount() {
        MergedState state = new MergedState();
        assertThat(state.restore(LONGEST_NAME + "x", json("{\"v\":1}").get("v"))).isFalse();
        for (int i = 0; i < MergedState.MAX_ATTRIBUTES; i++) {
            assertThat(state.restore("a" + i, json("{\"v\":" + i + "}").get("v"))).isTrue();
        }
        assertThat(state.restore("one-more", json("{\"v\":1}").get("v"))).isFalse();
        assertThat(state.restore("a0", json("{\"v\":-1}").get("v"))).as("one that is there adds none").isTrue();
        assertThat(state.copy().size()).isEqualTo(MergedState.MAX_ATTRIBUTES);
        assertThat(state.attribute("a0")).hasValueSatisfying(v -> assertThat(v.asInt()).isEqualTo(-1));
    }

    @Test
    void whatItHandsOutIsACopy() throws Exception {
        MergedState state = new MergedState();
        state.merge(json("{\"color\":{\"r\":1}}"));
        ((ObjectNode) state.attribute("color").orElseThrow()).put("r", 9);
        state.copy().put("color", "tampered");
        assertThat(state.copy()).isEqualTo(json("{\"color\":{\"r\":1}}"));
    }

    private static MergedState stateAfter(List<ObjectNode> earlier) throws WireJson.InvalidPayloadException {
        MergedState state = new MergedState();
        for (ObjectNode report : earlier) {
            state.merge(report);
        }
        return state;
    }

    private static ObjectNode withNullsRemoved(ObjectNode state, ObjectNode report) {
        Iterator<Map.Entry<String, JsonNode>> fields = report.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                state.remove(field.getKey());
            } else {
                state.set(field.getKey(), field.getValue());
            }
        }
        return state;
    }

    private static String describe(MergedState.Change change) {
        return change.attribute() + ": " + change.previous().map(MergedStateTest::shortly).orElse("none")
                + " -> " + shortly(change.current());
    }

    private static String shortly(JsonNode value) {
        return value.isTextual() && value.textValue().length() > 20 ? "<" + value.textValue().length() + " chars>" : value.toString();
    }

    private static List<ObjectNode> blobs(String prefix, int count) {
        List<ObjectNode> reports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            reports.add(json("{\"" + prefix + i + "\":\"" + BLOB + "\"}"));
        }
        return reports;
    }

    private static ObjectNode full() {
        ObjectNode full = WireJson.mapper().createObjectNode();
        for (int i = 0; i < MergedState.MAX_ATTRIBUTES; i++) {
            full.put("a" + i, i);
        }
        return full;
    }

    private static ObjectNode json(String text) {
        try {
            return WireJson.parseObject(text.getBytes(StandardCharsets.UTF_8));
        } catch (WireJson.InvalidPayloadException e) {
            throw new AssertionError(e);
        }
    }
}
