package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.extension.sdk.api.services.Services;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device on a bad link: it connects and drops 50 times, half with a clean DISCONNECT and half
 * vanishing (no DISCONNECT, so the broker fires its last will). Afterwards the hub says the
 * right availability and holds nothing of the dropped connections: no session, no count against
 * the connection limit, no thread.
 */
class FlappingDeviceIT extends SharedHub {
    private static final Logger LOG = LoggerFactory.getLogger(FlappingDeviceIT.class);
    private static final int FLAPS = 50;
    /** Pools may grow by a thread or two for reasons of their own; a leak per connection would be 25+. */
    private static final int THREAD_TOLERANCE = 8;
    private static final String CLIENT_ID = "bed-flapping";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Test
    void afterFiftyFlapsAvailabilityIsRightAndNothingLeaks() throws Exception {
        // One round first, so that pools started lazily on the first connection count in the baseline.
        MqttSocket.connect(hub.hub.mqttPort(), CLIENT_ID, BED, BED_PASSWORD).disconnect();
        awaitSettled("offline", 0);
        int threadsBefore = threads.getThreadCount();
        long willsBefore = willsPublished();

        MqttSocket last = null;
        int vanished = 0;
        for (int flap = 1; flap <= FLAPS; flap++) {
            MqttSocket bed = MqttSocket.connect(hub.hub.mqttPort(), CLIENT_ID, BED, BED_PASSWORD);
            if (flap == FLAPS) {
                last = bed;
            } else if (flap % 2 == 0) {
                bed.disconnect();
            } else {
                bed.vanish();
                vanished++;
            }
        }
        awaitSettled("online", 1);

        last.vanish();
        vanished++;
        awaitSettled("offline", 0);
        assertThat(willsPublished() - willsBefore).as("a will for each vanishing, none for a DISCONNECT").isEqualTo(vanished);
        await().atMost(Duration.ofSeconds(20)).until(() -> threads.getThreadCount() <= threadsBefore + THREAD_TOLERANCE);
        LOG.info("live threads: {} before {} flaps, {} after", threadsBefore, FLAPS, threads.getThreadCount());
        assertThat(hub.get("/health").statusCode()).isEqualTo(200);
    }

    /** The hub runs in this JVM: the broker's own count, read as an extension would. */
    private static long willsPublished() {
        return Services.metricRegistry().counter("com.hivemq.messages.will.published.count.total").getCount();
    }

    /** Connected last or not, every count agrees with it once the broker has caught up. */
    private void awaitSettled(String availability, int connections) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(hub.getJson("/api/devices/" + BED).path("availability").asText()).isEqualTo(availability);
            assertThat(hub.metric("hearth_devices_connected")).as("devices connected").isEqualTo(connections);
            assertThat(hub.metric("hearth_mqtt_connections")).as("connections against the limit").isEqualTo(connections);
            assertThat(hub.metric("hearth_broker_connections")).as("broker connections").isEqualTo(connections);
            assertThat(hub.metric("hearth_broker_sessions")).as("broker sessions").isEqualTo(connections);
        });
    }
}
