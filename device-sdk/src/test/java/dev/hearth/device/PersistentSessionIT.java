package dev.hearth.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.internal.DeviceAccess;
import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker keeps a device's session while it is away: commands sent meanwhile arrive when it is back. */
class PersistentSessionIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private HearthDeviceBuilder device(String id, List<Command> handled) {
        return HearthDevice.builder().serverUri(BROKER.uri()).deviceId(id)
                .onCommand("brew", command -> {
                    handled.add(command);
                    return CommandReply.success(command.args());
                });
    }

    @Test
    void aCommandSentWhileTheDeviceWasClosedArrivesWhenItStartsAgain() {
        List<Command> handled = new CopyOnWriteArrayList<>();
        TestHubClient hub = closing(TestHubClient.connect(BROKER.uri()).subscribe(Topics.replies("coffee-p")));
        HearthDevice first = device("coffee-p", handled).build();
        first.connect();
        first.close(); // a clean close keeps the session

        hub.sendCommand("coffee-p", "brew", "{\"cups\":3}", "while-away");

        HearthDevice second = closing(device("coffee-p", handled).build()); // the device process restarted
        second.connect();
        await().untilAsserted(() -> assertThat(hub.repliesTo("while-away")).singleElement()
                .satisfies(r -> assertThat(WireJson.mapper().readTree(r.payload()))
                        .isEqualTo(WireJson.mapper().readTree("{\"ok\":true,\"result\":{\"cups\":3}}"))));
        assertThat(handled).singleElement().satisfies(c -> assertThat(c.args().path("cups").asInt()).isEqualTo(3));
    }

    @Test
    void aCommandSentWhileTheConnectionWasDownArrivesAfterTheReconnect() {
        List<Command> handled = new CopyOnWriteArrayList<>();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        TestHubClient hub = closing(TestHubClient.connect(BROKER.uri()).subscribe(Topics.replies("coffee-q")));
        HearthDevice device = closing(device("coffee-q", handled)
                .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(3)) // room to send while it is away
                .onConnectionEvent(events::add).build());
        device.connect();

        DeviceAccess.sever(device);
        await().until(() -> events.stream().anyMatch(e -> e instanceof ConnectionEvent.ConnectionLost));
        assertThat(device.isConnected()).isFalse();
        hub.sendCommand("coffee-q", "brew", "{\"cups\":1}", "during-outage");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(hub.repliesTo("during-outage")).hasSize(1));
        assertThat(events).contains(new ConnectionEvent.Connected("coffee-q", true));
        assertThat(handled).hasSize(1);
    }

    @Test
    void withSessionExpiryZeroCommandsSentWhileAwayAreLost() {
        List<Command> handled = new CopyOnWriteArrayList<>();
        TestHubClient hub = closing(TestHubClient.connect(BROKER.uri()).subscribe(Topics.replies("coffee-z")));
        HearthDevice first = device("coffee-z", handled).sessionExpiry(Duration.ZERO).build();
        first.connect();
        first.close();
        hub.sendCommand("coffee-z", "brew", "{}", "lost");

        HearthDevice second = closing(device("coffee-z", handled).sessionExpiry(Duration.ZERO).build());
        second.connect();
        hub.sendCommand("coffee-z", "brew", "{}", "after");
        await().untilAsserted(() -> assertThat(hub.repliesTo("after")).hasSize(1));
        assertThat(hub.repliesTo("lost")).isEmpty();
        assertThat(handled).hasSize(1);
    }

    @Test
    void theDesiredStateReachesItsHandlerWhichConvergesAndReports() {
        TestHubClient hub = closing(TestHubClient.connect(BROKER.uri()).subscribe(Topics.state("thermo-d")));
        hub.publish(Topics.desired("thermo-d"), "{\"target\":21.5}", true, null); // retained: there before the device
        List<ObjectNode> desired = new CopyOnWriteArrayList<>();
        HearthDevice[] self = new HearthDevice[1];
        HearthDevice device = closing(HearthDevice.builder().serverUri(BROKER.uri()).deviceId("thermo-d")
                .onDesiredState(d -> {
                    desired.add(d);
                    self[0].reportState(d);
                })
                .build());
        self[0] = device;
        device.connect();

        await().untilAsserted(() -> assertThat(hub.payloadsOn(Topics.state("thermo-d"))).contains("{\"target\":21.5}"));
        hub.publish(Topics.desired("thermo-d"), "[not an object]", true, null); // ignored, logged
        hub.publish(Topics.desired("thermo-d"), "{\"target\":19}", true, null);
        await().untilAsserted(() -> assertThat(device.state().path("target").asInt()).isEqualTo(19));
        assertThat(desired).hasSize(2);
    }
}
