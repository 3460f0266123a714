package dev.hearth.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.rules.StateChange;
import dev.hearth.wire.MergedState;
import dev.hearth.wire.PayloadFault;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceStateStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);

    private final DeviceStateStore store = new DeviceStateStore();
    private final List<StateChange> heard = new ArrayList<>();

    DeviceStateStoreTest() {
        store.onChange(heard::add);
    }

    @Test
    void partialReportsMergeAndOnlyRealChangesAreHeard() throws Exception {
        store.mergeReported("thermo-1", json("{\"temp\":20.5,\"mode\":\"heat\"}"), T0);
        List<StateChange> second = store.mergeReported("thermo-1", json("{\"temp\":21,\"mode\":\"heat\"}"), T1);

        assertThat(store.snapshot("thermo-1").orElseThrow().reported()).isEqualTo(json("{\"temp\":21,\"mode\":\"heat\"}"));
        assertThat(second).singleElement().satisfies(change -> {
            assertThat(change.attribute()).isEqualTo("temp");
            assertThat(change.previous()).hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(20.5));
            assertThat(change.current().asInt()).isEqualTo(21);
            assertThat(change.at()).isEqualTo(T1);
        });
        assertThat(heard).hasSize(3);
        assertThat(store.snapshot("thermo-1").orElseThrow().updatedAt()).containsEntry("mode", T0).containsEntry("temp", T1);
    }

    @Test
    void theFirstReportIsAChangeFromNothing() throws Exception {
        List<StateChange> changes = store.mergeReported("bed-1", json("{\"occupant\":\"asleep\"}"), T0);
        assertThat(changes).singleElement().satisfies(change -> assertThat(change.previous()).isEmpty());
    }

    @Test
    void registeredDevicesAreListedAsUnknownUntilHeardFrom() {
        store.register("coffee-1");
        DeviceSnapshot coffee = store.snapshot("coffee-1").orElseThrow();
        assertThat(coffee.availability()).isEqualTo(Availability.UNKNOWN);
        assertThat(coffee.lastSeen()).isEmpty();
        assertThat(store.attribute("nobody", "x")).isEmpty();
    }

    @Test
    void snapshotsAreCopies() throws Exception {
        store.mergeReported("bed-1", json("{\"occupant\":\"asleep\"}"), T0);
        store.snapshot("bed-1").orElseThrow().reported().put("occupant", "tampered");
        assertThat(store.attribute("bed-1", "occupant").orElseThrow().asText()).isEqualTo("asleep");
    }

    @Test
    void aRefusedReportChangesNothingAndNobodyHearsOfIt() throws Exception {
        // the limits themselves are the wire's (MergedStateTest); here, that the store keeps to them
        String longest = "n".repeat(MergedState.MAX_ATTRIBUTE_NAME_LENGTH);
        store.mergeReported("bed-1", json("{\"" + longest + "\":1}"), T0);
        ObjectNode before = store.snapshot("bed-1").orElseThrow().reported();
        heard.clear();

        assertThatThrownBy(() -> store.mergeReported("bed-1", json("{\"occupant\":\"awake\",\"" + longest + "x\":1}"), T1))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                        e -> assertThat(e.fault()).isEqualTo(PayloadFault.ATTRIBUTE_NAME_TOO_LONG));
        assertThat(store.snapshot("bed-1").orElseThrow().reported()).isEqualTo(before);
        assertThat(store.snapshot("bed-1").orElseThrow().reported().fieldNames()).toIterable().containsExactly(longest);
        assertThat(heard).isEmpty();
    }

    @Test
    void aListenerThatFailsNeitherSilencesTheOthersNorLosesTheChanges() throws Exception {
        DeviceStateStore failing = new DeviceStateStore();
        List<StateChange> later = new ArrayList<>();
        failing.onChange(change -> {
            throw new IllegalStateException("listener down");
        });
        failing.onChange(later::add);

        List<StateChange> changes = failing.mergeReported("bed-1", json("{\"occupant\":\"awake\"}"), T0);

        assertThat(changes).singleElement().satisfies(change -> assertThat(change.attribute()).isEqualTo("occupant"));
        assertThat(later).isEqualTo(changes);
    }

    @Test
    void storedAttributesOverTheLimitsAreNotRestored() {
        ObjectNode stored = WireJson.mapper().createObjectNode();
        stored.put("n".repeat(MergedState.MAX_ATTRIBUTE_NAME_LENGTH + 1), 1);
        for (int i = 0; i < MergedState.MAX_ATTRIBUTES + 10; i++) {
            stored.put("a" + i, i);
        }
        store.restore("bed-1", stored, java.util.Map.of("a0", T0), java.util.Optional.of(T0), java.util.Optional.empty());

        DeviceSnapshot bed = store.snapshot("bed-1").orElseThrow();
        assertThat(bed.reported().size()).isEqualTo(MergedState.MAX_ATTRIBUTES);
        assertThat(bed.reported().has("a0")).isTrue();
        assertThat(bed.reported().has("a" + MergedState.MAX_ATTRIBUTES)).isFalse();
        assertThat(bed.updatedAt()).containsEntry("a0", T0);
    }

    @Test
    void aRemovedDevicesLateEventsDoNotBringItBack() throws Exception {
        List<String> availabilityHeard = new ArrayList<>();
        store.onAvailability((id, availability, at) -> availabilityHeard.add(id + " " + availability));
        store.register("lamp-7");
        store.setAvailability("lamp-7", Availability.ONLINE, T0);
        store.remove("lamp-7");

        // what its dropped connection says after: its offline, a report and a meta that were on their way
        store.setAvailability("lamp-7", Availability.OFFLINE, T1);
        store.mergeReported("lamp-7", json("{\"on\":true}"), T1);
        store.setMeta("lamp-7", json("{\"type\":\"lamp\"}"), T1);
        store.touch("lamp-7", T1);
        assertThat(store.snapshot("lamp-7")).isEmpty();
        assertThat(store.snapshots()).isEmpty();
        assertThat(availabilityHeard).as("nobody (storage, Home Assistant) hears of it").containsExactly("lamp-7 ONLINE");

        store.register("lamp-7"); // provisioned again
        assertThat(store.snapshot("lamp-7")).isPresent();
        store.remove("lamp-7");
        store.setAvailability("lamp-7", Availability.ONLINE, T1); // or let in with a credential made elsewhere (the CLI)
        assertThat(store.snapshot("lamp-7").orElseThrow().availability()).isEqualTo(Availability.ONLINE);
    }

    @Test
    void presenceStaysOnlineUntilTheLastConnectionCloses() {
        PresenceTracker presence = new PresenceTracker(store);
        presence.connected("bed-1", "bed-1", T0);
        presence.connected("bed-1", "bed-1-monitor", T0);
        assertThat(presence.clientsOf("bed-1")).containsExactlyInAnyOrder("bed-1", "bed-1-monitor");
        presence.disconnected("bed-1", "bed-1", T1);
        assertThat(store.snapshot("bed-1").orElseThrow().availability()).isEqualTo(Availability.ONLINE);
        presence.connected("bed-1", "bed-1-monitor", T1); // session takeover: the new connection comes first
        presence.disconnected("bed-1", "bed-1-monitor", T1);
        assertThat(store.snapshot("bed-1").orElseThrow().availability()).isEqualTo(Availability.ONLINE);
        presence.disconnected("bed-1", "bed-1-monitor", T1);
        assertThat(presence.clientsOf("bed-1")).isEmpty();
        assertThat(store.snapshot("bed-1").orElseThrow().availability()).isEqualTo(Availability.OFFLINE);
        assertThat(store.snapshot("bed-1").orElseThrow().lastSeen()).contains(T1);
    }

    private static ObjectNode json(String text) {
        try {
            return WireJson.parseObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (WireJson.InvalidPayloadException e) {
            throw new AssertionError(e);
        }
    }
}
