package dev.hearth.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.rules.StateChange;
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
    void nullRemovesAnAttribute() throws Exception {
        store.mergeReported("lamp-1", json("{\"on\":true,\"level\":3}"), T0);
        store.mergeReported("lamp-1", json("{\"level\":null}"), T1);
        assertThat(store.attribute("lamp-1", "level")).isEmpty();
        assertThat(store.attribute("lamp-1", "on")).hasValueSatisfying(v -> assertThat(v.asBoolean()).isTrue());
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
    void aReportThatWouldOutgrowTheStateLimitIsRefusedWholeAndChangesNothing() throws Exception {
        String fifth = "x".repeat(50_000); // a report is at most 64 KiB: five of these fit, a sixth does not
        for (int i = 0; i < 5; i++) {
            store.mergeReported("bed-1", json("{\"blob" + i + "\":\"" + fifth + "\"}"), T0);
        }
        ObjectNode before = store.snapshot("bed-1").orElseThrow().reported();
        heard.clear();

        assertThatThrownBy(() -> store.mergeReported("bed-1", json("{\"occupant\":\"awake\",\"blob5\":\"" + fifth + "\"}"), T1))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                        e -> assertThat(e.fault()).isEqualTo(PayloadFault.STATE_TOO_LARGE));
        assertThat(store.snapshot("bed-1").orElseThrow().reported()).isEqualTo(before);
        assertThat(heard).isEmpty();

        // replacing an attribute counts its new size only, and removing one makes room
        store.mergeReported("bed-1", json("{\"blob0\":\"" + fifth + "\",\"blob1\":null}"), T1);
        store.mergeReported("bed-1", json("{\"blob5\":\"" + fifth + "\"}"), T1);
        assertThat(store.attribute("bed-1", "blob5")).isPresent();
    }

    @Test
    void aLongAttributeNameIsRefusedWholeAndChangesNothing() throws Exception {
        String longest = "n".repeat(DeviceStateStore.MAX_ATTRIBUTE_NAME_LENGTH);
        store.mergeReported("bed-1", json("{\"" + longest + "\":1}"), T0);
        heard.clear();

        assertThatThrownBy(() -> store.mergeReported("bed-1", json("{\"occupant\":\"awake\",\"" + longest + "x\":1}"), T1))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class, e -> {
                    assertThat(e.fault()).isEqualTo(PayloadFault.ATTRIBUTE_NAME_TOO_LONG);
                    assertThat(e.fault().code()).isEqualTo("attribute_name_too_long");
                    assertThat(e.getMessage()).doesNotContain(longest);
                });
        assertThat(store.snapshot("bed-1").orElseThrow().reported().fieldNames()).toIterable().containsExactly(longest);
        assertThat(heard).isEmpty();
    }

    @Test
    void aReportThatWouldGiveTooManyAttributesIsRefusedWholeAndRemovalsMakeRoom() throws Exception {
        ObjectNode full = WireJson.mapper().createObjectNode();
        for (int i = 0; i < DeviceStateStore.MAX_ATTRIBUTES; i++) {
            full.put("a" + i, i);
        }
        store.mergeReported("bed-1", full, T0);
        heard.clear();

        assertThatThrownBy(() -> store.mergeReported("bed-1", json("{\"a0\":-1,\"one-more\":1}"), T1))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class, e -> {
                    assertThat(e.fault()).isEqualTo(PayloadFault.TOO_MANY_ATTRIBUTES);
                    assertThat(e.fault().code()).isEqualTo("too_many_attributes");
                });
        assertThat(store.attribute("bed-1", "a0")).hasValueSatisfying(v -> assertThat(v.asInt()).isZero());
        assertThat(heard).isEmpty();

        store.mergeReported("bed-1", json("{\"a0\":-1}"), T1); // changing one that is there adds none
        store.mergeReported("bed-1", json("{\"a1\":null,\"one-more\":1}"), T1);
        assertThat(store.attribute("bed-1", "one-more")).isPresent();
        assertThat(store.snapshot("bed-1").orElseThrow().reported().size()).isEqualTo(DeviceStateStore.MAX_ATTRIBUTES);
    }

    @Test
    void attributeNamesCountInTheStateLimit() throws Exception {
        String blob = "x".repeat(50_000);
        for (int i = 0; i < 5; i++) {
            store.mergeReported("bed-1", json("{\"b" + i + "\":\"" + blob + "\"}"), T0); // "b0":"..." is 50,007 bytes
        }
        int left = DeviceStateStore.MAX_STATE_BYTES - 5 * 50_007;
        String name = "n".repeat(120);
        String value = "v".repeat(left - 2 - 60); // the value alone fits, with its name it does not

        assertThatThrownBy(() -> store.mergeReported("bed-1", json("{\"" + name + "\":\"" + value + "\"}"), T1))
                .isInstanceOfSatisfying(WireJson.InvalidPayloadException.class,
                        e -> assertThat(e.fault()).isEqualTo(PayloadFault.STATE_TOO_LARGE));
        store.mergeReported("bed-1", json("{\"n\":\"" + value + "\"}"), T1);
        assertThat(store.attribute("bed-1", "n")).isPresent();
    }

    @Test
    void storedAttributesOverTheLimitsAreNotRestored() {
        ObjectNode stored = WireJson.mapper().createObjectNode();
        stored.put("n".repeat(DeviceStateStore.MAX_ATTRIBUTE_NAME_LENGTH + 1), 1);
        for (int i = 0; i < DeviceStateStore.MAX_ATTRIBUTES + 10; i++) {
            stored.put("a" + i, i);
        }
        store.restore("bed-1", stored, java.util.Map.of("a0", T0), java.util.Optional.of(T0), java.util.Optional.empty());

        DeviceSnapshot bed = store.snapshot("bed-1").orElseThrow();
        assertThat(bed.reported().size()).isEqualTo(DeviceStateStore.MAX_ATTRIBUTES);
        assertThat(bed.reported().has("a0")).isTrue();
        assertThat(bed.reported().has("a" + DeviceStateStore.MAX_ATTRIBUTES)).isFalse();
        assertThat(bed.updatedAt()).containsEntry("a0", T0);
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
