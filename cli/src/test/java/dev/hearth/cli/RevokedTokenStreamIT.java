package dev.hearth.cli;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.hub.HubFixture;
import dev.hearth.hub.RawMqtt;
import dev.hearth.hub.security.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth tokens revoke`, run as a user runs it while the hub is up, ends the live event streams the token opened. */
class RevokedTokenStreamIT {
    @TempDir
    Path folder;

    @Test
    void revokingATokenEndsTheStreamsItOpened() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            String doomed = hub.hub.services().tokens().create("wall-tablet", Role.READ_ONLY);
            EventStream revoked = EventStream.open(hub, doomed);
            EventStream other = EventStream.open(hub, hub.readToken);

            HearthProcess.Result revoke = HearthProcess.run("tokens", "revoke", "wall-tablet", "--config", hub.config.toString());
            assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(revoked::ended);

            // only the revoked token's stream: the other one still hears the devices
            MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-events", BED, BED_PASSWORD);
            await().atMost(Duration.ofSeconds(5)).until(() -> other.lines.contains("event: availability"));
            assertThat(other.ended()).isFalse();
            RawMqtt.closeQuietly(bed);
            other.close();
        }
    }

    /** An open GET /api/events, read line by line on a thread of its own (the stream never ends by itself). */
    private record EventStream(List<String> lines, CompletableFuture<HttpResponse<Stream<String>>> response, Thread reader) {
        static EventStream open(HubFixture hub, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub.httpPort()
                    + "/api/events?access_token=" + token)).build();
            CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> response.join().body().forEach(lines::add), "sse-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            return new EventStream(lines, response, reader);
        }

        /** The hub closed the response: the reader came to its end. */
        boolean ended() {
            return !reader.isAlive();
        }

        void close() {
            response.cancel(true);
        }
    }
}
