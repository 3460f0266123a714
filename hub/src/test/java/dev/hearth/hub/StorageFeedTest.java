package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.Write;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What one message must store, as the broker gets it back to queue (and, at QoS 1, to wait for). */
class StorageFeedTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");

    static Stream<Arguments> stateReports() {
        return Stream.of(
                arguments("a new attribute: its latest value and a history point",
                        "{}", "{\"occupant\":\"awake\"}", List.of("latest bed-1.occupant=\"awake\"", "history bed-1 {\"occupant\":\"awake\"}")),
                arguments("an unchanged attribute: nothing",
                        "{\"occupant\":\"awake\"}", "{\"occupant\":\"awake\"}", List.of()),
                arguments("a removed attribute: its latest value removed, no history point",
                        "{\"occupant\":\"awake\"}", "{\"occupant\":null}", List.of("latest bed-1.occupant removed")),
                arguments("only what changed of a partial report",
                        "{\"occupant\":\"awake\",\"light\":1}", "{\"occupant\":\"awake\",\"light\":2}",
                        List.of("latest bed-1.light=2", "history bed-1 {\"light\":2}")),
                arguments("several changes: a latest value each, one history row for the message",
                        "{\"occupant\":\"asleep\",\"light\":1}", "{\"occupant\":\"awake\",\"light\":2,\"door\":null}",
                        List.of("latest bed-1.occupant=\"awake\"", "latest bed-1.light=2", "history bed-1 {\"occupant\":\"awake\",\"light\":2}")),
                arguments("a change and a removal: the row holds the change only",
                        "{\"occupant\":\"asleep\",\"light\":1}", "{\"occupant\":\"awake\",\"light\":null}",
                        List.of("latest bed-1.occupant=\"awake\"", "latest bed-1.light removed", "history bed-1 {\"occupant\":\"awake\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stateReports")
    void aStateReportStoresWhatItChanged(String why, String before, String report, List<String> writes) throws Exception {
        DeviceStateStore store = new DeviceStateStore();
        store.mergeReported("bed-1", json(before), T0);

        List<Write> stored = StorageFeed.ofState(store.mergeReported("bed-1", json(report), T0.plusSeconds(1)));

        assertThat(stored).extracting(StorageFeedTest::describe).containsExactlyElementsOf(writes);
    }

    @Test
    void telemetryStoresOneRowOfItsMeasurementsAtItsTimeButNotItsTimestampNorNulls() {
        Instant measured = T0.minusSeconds(30);
        List<Write> stored = StorageFeed.ofTelemetry("thermo-1",
                json("{\"temp\":20.5,\"ts\":1,\"humidity\":null,\"unit\":\"celsius\"}"), measured);

        assertThat(stored).extracting(StorageFeedTest::describe).containsExactly("history thermo-1 {\"temp\":20.5,\"unit\":\"celsius\"}");
        assertThat(stored).singleElement().satisfies(write -> assertThat(((Write.History) write).at()).isEqualTo(measured));
    }

    @Test
    void telemetryWithNothingButItsTimestampStoresNothing() {
        assertThat(StorageFeed.ofTelemetry("thermo-1", json("{\"ts\":1,\"humidity\":null}"), T0)).isEmpty();
    }

    @Test
    void aMetaStoresTheDevicesStatusWithIt() {
        ObjectNode meta = json("{\"type\":\"bed\"}");
        assertThat(StorageFeed.ofMeta("bed-1", meta, Availability.ONLINE, T0))
                .containsExactly(new Write.Status("bed-1", "online", T0, java.util.Optional.of(meta)));
    }

    private static String describe(Write write) {
        if (write instanceof Write.LatestState latest) {
            return "latest " + latest.deviceId() + "." + latest.attribute() + latest.value().map(v -> "=" + v).orElse(" removed");
        }
        if (write instanceof Write.History history) {
            return "history " + history.deviceId() + " " + history.fields();
        }
        return write.toString();
    }

    private static ObjectNode json(String text) {
        try {
            return WireJson.parseObject(text.getBytes(StandardCharsets.UTF_8));
        } catch (WireJson.InvalidPayloadException e) {
            throw new AssertionError(e);
        }
    }
}
