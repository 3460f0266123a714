package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * Four connections guessing one device's password as fast as they can: only the first few guesses
 * cost a bcrypt, the rest are refused at once, and a connected device is served throughout.
 */
class PasswordGuessingIT extends SharedHub {
    private static final int GUESSERS = 4;
    private static final int GUESSES_EACH = 60;

    @Override
    protected String mqttSettings() {
        return "login-backoff-seconds: 30"; // no backoff ends during the flood: the count below is exact enough
    }

    @Test
    void guessesPastTheLimitAreRefusedWithoutABcryptAndOthersAreServed() throws Exception {
        MqttAsyncClient coffee = RawMqtt.connectAsync(hub.brokerUri(), "coffee-guessing", COFFEE, COFFEE_PASSWORD);
        double badBefore = hub.rejected("bad_credentials");
        double throttledBefore = hub.rejected("login_throttled");
        ExecutorService guessers = Executors.newFixedThreadPool(GUESSERS);
        try {
            List<Future<?>> guessing = new ArrayList<>();
            for (int g = 0; g < GUESSERS; g++) {
                int guesser = g;
                guessing.add(guessers.submit(() -> {
                    for (int n = 0; n < GUESSES_EACH; n++) {
                        try {
                            RawMqtt.closeQuietly(RawMqtt.connect(hub.brokerUri(), "guess-" + guesser + "-" + n, BED, "guess-" + n));
                        } catch (MqttException refused) {
                            // expected: bad password, then throttled
                        }
                    }
                    return null;
                }));
            }
            for (int n = 0; n < 20; n++) { // acknowledged all along: the broker's threads are not busy with bcrypt
                assertThat(RawMqtt.publishForReason(coffee, Topics.telemetry(COFFEE), ("{\"n\":" + n + "}")
                        .getBytes(StandardCharsets.UTF_8))).as("a success code (no matching subscribers is one)").isLessThan(0x80);
            }
            for (Future<?> done : guessing) {
                done.get();
            }
        } finally {
            guessers.shutdownNow();
            RawMqtt.closeQuietly(coffee);
        }
        double checked = hub.rejected("bad_credentials") - badBefore;
        double throttled = hub.rejected("login_throttled") - throttledBefore;
        // five allowed, and those already being checked when the fifth failed
        assertThat(checked).as("guesses that went through bcrypt").isBetween(5.0, 5.0 + GUESSERS);
        assertThat(throttled).as("refused at once").isEqualTo(GUESSERS * GUESSES_EACH - checked);
    }
}
