package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * Password guessing over MQTT: after five wrong passwords a device id is refused at once, even
 * with the right password, until its backoff has passed; other devices connect meanwhile.
 */
class LoginThrottleIT extends SharedHub {
    private static final int BAD_USER_NAME_OR_PASSWORD = 134;
    private static final int CONNECTION_RATE_EXCEEDED = 159;
    private static final int FAILURES_ALLOWED = 5;

    private final AtomicInteger clients = new AtomicInteger();

    @Override
    protected String mqttSettings() {
        // long enough that the next connect surely comes before it ends, short enough to wait for
        return "login-backoff-seconds: 5";
    }

    @Test
    void wrongPasswordsThrottleTheDeviceIdUntilTheBackoffPassesAndOnlyIt() throws Exception {
        double throttledBefore = hub.rejected("login_throttled");
        double badBefore = hub.rejected("bad_credentials");
        for (int i = 0; i < FAILURES_ALLOWED; i++) {
            assertRefused(BED, "guess-" + i, BAD_USER_NAME_OR_PASSWORD);
        }
        assertRefused(BED, BED_PASSWORD, CONNECTION_RATE_EXCEEDED); // the right password, from the same address
        assertThat(hub.rejected("login_throttled") - throttledBefore).as("counted as throttled").isEqualTo(1.0);
        assertThat(hub.rejected("bad_credentials") - badBefore).as("counted as bad credentials").isEqualTo(FAILURES_ALLOWED);

        RawMqtt.closeQuietly(connect(COFFEE, COFFEE_PASSWORD)); // another device, same address: not affected

        MqttClient bed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> connect(BED, BED_PASSWORD), Objects::nonNull);
        RawMqtt.closeQuietly(bed);
        // the success forgave bed-1: a wrong password is refused as wrong, not throttled
        assertRefused(BED, "one-more-guess", BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void anUnknownIdIsThrottledAsAKnownOneIs() throws Exception {
        for (int i = 0; i < FAILURES_ALLOWED; i++) {
            assertRefused("nobody-1", "guess-" + i, BAD_USER_NAME_OR_PASSWORD);
        }
        assertRefused("nobody-1", "guess", CONNECTION_RATE_EXCEEDED);
    }

    private void assertRefused(String deviceId, String password, int reason) {
        assertThatThrownBy(() -> connect(deviceId, password))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(reason));
    }

    private MqttClient connect(String deviceId, String password) throws MqttException {
        return RawMqtt.connect(hub.brokerUri(), "throttle-" + clients.incrementAndGet(), deviceId, password);
    }
}
