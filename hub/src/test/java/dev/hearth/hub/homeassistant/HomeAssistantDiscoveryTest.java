package dev.hearth.hub.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.NativeOutcome;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.time.VirtualTime;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HomeAssistantDiscoveryTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final Duration BIRTH_DELAY = Duration.ofMillis(1_700);

    private record Published(String topic, String payload, boolean retained) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final List<CommandRequest> commands = new CopyOnWriteArrayList<>();
    private final List<String> desired = new CopyOnWriteArrayList<>();
    private final VirtualTime time = VirtualTime.at(NOW, ZoneOffset.UTC);
    private final DeviceStateStore store = new DeviceStateStore();
    private HomeAssistantDiscovery discovery;

    @BeforeEach
    void wire() {
        HaTopics topics = new HaTopics("homeassistant");
        discovery = new HomeAssistantDiscovery(topics, new DiscoveryConfigs(topics, "test", Optional.empty()), store,
                (topic, payload, retain) -> {
                    published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), retain));
                    return CompletableFuture.completedFuture(null);
                },
                request -> {
                    commands.add(request);
                    return CompletableFuture.completedFuture(new CommandResult.Replied(true, Optional.empty(), Optional.empty()));
                },
                (deviceId, state) -> desired.add(deviceId + " " + state), time, () -> BIRTH_DELAY);
        store.onMeta(discovery::onMeta);
        store.onChange(discovery::onStateChange);
        store.onAvailability(discovery::onAvailability);
    }

    private static ObjectNode json(String text) {
        try {
            return WireJson.parseObject(text.getBytes(StandardCharsets.UTF_8));
        } catch (WireJson.InvalidPayloadException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> topics() {
        return published.stream().map(Published::topic).toList();
    }

    private NativeOutcome take(String topic, String payload) {
        return discovery.take(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startSaysTheHubIsOnlineAndPublishesWhatItKnowsRetained() throws Exception {
        store.setMeta("pi-1", json("{\"type\":\"pi\",\"attributes\":{\"cpu\":{\"type\":\"number\",\"unit\":\"°C\"}}}"), NOW);
        store.mergeReported("pi-1", json("{\"cpu\":41.5}"), NOW);
        store.setAvailability("pi-1", DeviceSnapshot.Availability.ONLINE, NOW);
        published.clear(); // what the meta's arrival published before start: start publishes it all again
        discovery.start();
        assertThat(published).allMatch(Published::retained);
        assertThat(published.get(0)).isEqualTo(new Published("hearth/status", "online", true));
        assertThat(published).contains(new Published("hearth/ha/pi-1/availability", "online", true),
                new Published("hearth/ha/pi-1/state/cpu", "41.5", true));
        assertThat(topics()).contains("homeassistant/sensor/pi-1/cpu/config");
        discovery.close();
        assertThat(published.get(published.size() - 1)).isEqualTo(new Published("hearth/status", "offline", true));
    }

    @Test
    void aNewMetaPublishesItsConfigsAndAnEntityThatDisappearsIsEmptied() throws Exception {
        discovery.start();
        store.setMeta("pi-1", json("{\"type\":\"pi\",\"attributes\":{\"cpu\":{\"type\":\"number\"},\"fan\":{\"type\":\"boolean\"}}}"), NOW);
        assertThat(topics()).contains("homeassistant/sensor/pi-1/cpu/config", "homeassistant/binary_sensor/pi-1/fan/config");
        published.clear();
        store.setMeta("pi-1", json("{\"type\":\"pi\",\"attributes\":{\"cpu\":{\"type\":\"number\"}}}"), NOW);
        assertThat(published).contains(new Published("homeassistant/binary_sensor/pi-1/fan/config", "", true));
        assertThat(topics()).as("an unchanged config is not sent again").doesNotContain("homeassistant/sensor/pi-1/cpu/config");
        store.mergeReported("pi-1", json("{\"fan\":true,\"cpu\":50}"), NOW);
        assertThat(topics()).contains("hearth/ha/pi-1/state/cpu").doesNotContain("hearth/ha/pi-1/state/fan");
    }

    @Test
    void valuesAreOnOffNumbersOrTextAndMeasurementsCountToo() throws Exception {
        discovery.start();
        store.setMeta("bed-1", json("{\"type\":\"bed\",\"attributes\":{\"occupied\":{\"type\":\"boolean\"},"
                + "\"occupant\":{\"type\":\"string\"},\"weight\":{\"type\":\"number\",\"unit\":\"kg\"}}}"), NOW);
        published.clear();
        store.mergeReported("bed-1", json("{\"occupied\":false,\"occupant\":\"awake\"}"), NOW);
        discovery.onMeasured("bed-1", json("{\"weight\":71.25,\"unknown\":1}"));
        assertThat(published).containsExactlyInAnyOrder(new Published("hearth/ha/bed-1/state/occupied", "OFF", true),
                new Published("hearth/ha/bed-1/state/occupant", "awake", true),
                new Published("hearth/ha/bed-1/state/weight", "71.25", true));
        store.setAvailability("bed-1", DeviceSnapshot.Availability.OFFLINE, NOW);
        assertThat(published).contains(new Published("hearth/ha/bed-1/availability", "offline", true));
    }

    @Test
    void theBirthRepublishesEverythingAfterTheDelayOnceForSeveralBirths() {
        store.setMeta("pi-1", json("{\"type\":\"pi\",\"attributes\":{\"cpu\":{\"type\":\"number\"}}}"), NOW);
        discovery.start();
        published.clear();
        assertThat(take("homeassistant/status", "online")).isInstanceOf(NativeOutcome.Taken.class);
        take("homeassistant/status", "online");
        take("homeassistant/status", "offline");
        time.advance(BIRTH_DELAY.minusMillis(1));
        assertThat(published).isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(topics()).containsOnlyOnce("homeassistant/sensor/pi-1/cpu/config");
        published.clear();
        take("homeassistant/status", "online");
        time.advance(BIRTH_DELAY);
        assertThat(topics()).as("a later birth republishes again").containsOnlyOnce("homeassistant/sensor/pi-1/cpu/config");
    }

    @Test
    void switchesAndButtonsSendTheCanonicalCommandOrTheDesiredState() {
        store.describe("plug-1", json("{\"type\":\"tasmota\",\"attributes\":{\"power\":{\"type\":\"boolean\",\"settable\":true}},"
                + "\"commands\":[\"turn_on\",\"turn_off\",\"reboot\"]}"));
        store.setMeta("hall", json("{\"type\":\"x\",\"attributes\":{\"heater\":{\"type\":\"boolean\",\"settable\":true}}}"), NOW);
        discovery.start();
        take("hearth/ha/plug-1/set/power", "ON");
        take("hearth/ha/plug-1/set/power", "OFF");
        take("hearth/ha/plug-1/press/reboot", "PRESS");
        assertThat(commands).extracting(CommandRequest::command).containsExactly("turn_on", "turn_off", "reboot");
        assertThat(commands).allMatch(request -> request.deviceId().equals("plug-1") && request.args().isEmpty());
        take("hearth/ha/hall/set/heater", "ON");
        assertThat(desired).containsExactly("hall {\"heater\":true}");
    }

    @Test
    void aBadPayloadOrAnUnknownEntityIsRefusedByReason() {
        store.describe("plug-1", json("{\"type\":\"tasmota\",\"attributes\":{\"power\":{\"type\":\"boolean\",\"settable\":true}},"
                + "\"commands\":[\"turn_on\",\"turn_off\"]}"));
        discovery.start();
        assertThat(take("hearth/ha/plug-1/set/power", "banana")).isInstanceOfSatisfying(NativeOutcome.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo("invalid_value"));
        assertThat(take("hearth/ha/plug-9/set/power", "ON")).isInstanceOfSatisfying(NativeOutcome.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo("unknown_entity"));
        assertThat(take("devices/plug-1/state", "{}")).isInstanceOf(NativeOutcome.Outside.class);
        assertThat(commands).isEmpty();
    }

    @Test
    void aRemovedDeviceHasItsConfigsValuesAndAvailabilityEmptied() throws Exception {
        store.setMeta("pi-1", json("{\"type\":\"pi\",\"attributes\":{\"cpu\":{\"type\":\"number\"}},\"commands\":[\"reboot\"]}"), NOW);
        store.mergeReported("pi-1", json("{\"cpu\":40}"), NOW);
        discovery.start();
        published.clear();
        store.remove("pi-1");
        assertThat(published).containsExactlyInAnyOrder(new Published("homeassistant/sensor/pi-1/cpu/config", "", true),
                new Published("hearth/ha/pi-1/state/cpu", "", true),
                new Published("homeassistant/button/pi-1/command_reboot/config", "", true),
                new Published("hearth/ha/pi-1/availability", "", true));
        assertThat(take("hearth/ha/pi-1/press/reboot", "PRESS")).isInstanceOf(NativeOutcome.Refused.class);
    }
}
