package dev.hearth.device.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.ConnectionEvent;
import dev.hearth.device.HearthDevice;
import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionLossIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    @Test
    void aDroppedConnectionLeavesTheWillThenTheDeviceReconnectsResubscribesAndRepublishes() throws Exception {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.deviceFilter("bed-z"));
             HearthDevice device = HearthDevice.builder().serverUri(BROKER.uri()).deviceId("bed-z")
                     .initialState(Map.of("occupant", "asleep"))
                     .onCommand("ping", command -> CommandReply.success(null))
                     .onConnectionEvent(events::add)
                     .maxReconnectDelay(Duration.ofSeconds(2))
                     .build()) {
            device.connect();
            await().until(() -> hub.payloadsOn(Topics.status("bed-z")).contains("online"));

            ((PahoHearthDevice) device).severConnection();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(hub.payloadsOn(Topics.status("bed-z"))).containsExactly("online", "offline", "online");
                assertThat(events).contains(new ConnectionEvent.Connected("bed-z", true));
            });
            assertThat(events).hasAtLeastOneElementOfType(ConnectionEvent.ConnectionLost.class);
            assertThat(hub.payloadsOn(Topics.state("bed-z"))).hasSize(2).allSatisfy(
                    s -> assertThat(WireJson.mapper().readTree(s)).isEqualTo(WireJson.mapper().readTree("{\"occupant\":\"asleep\"}")));

            hub.sendCommand("bed-z", "ping", "{}", "after-reconnect");
            await().untilAsserted(() -> assertThat(hub.repliesTo("after-reconnect")).hasSize(1));
        }
    }
}
