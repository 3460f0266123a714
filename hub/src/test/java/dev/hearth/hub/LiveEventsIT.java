package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.hub.security.Role;
import dev.hearth.wire.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client following /api/events sees state and availability change as devices report. */
class LiveEventsIT {
    @TempDir
    Path folder;

    @Test
    void theEventStreamFollowsTheDevices() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            assertThat(hub.send("GET", "/api/events", null, null).statusCode()).isEqualTo(401);

            List<String> lines = new CopyOnWriteArrayList<>();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub.httpPort()
                    + "/api/events?device=bed-1&access_token=" + hub.readToken)).build();
            CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            // the stream never ends: read it on a thread of its own, never on the test's
            Thread reader = new Thread(() -> stream.join().body().forEach(lines::add), "sse-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(stream.get().statusCode()).isEqualTo(200);
            assertThat(stream.get().headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/event-stream"));

            MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-events", BED, BED_PASSWORD);
            bed.publish(Topics.state(BED), new MqttMessage("{\"occupant\":\"asleep\"}".getBytes(StandardCharsets.UTF_8), 1, false, null));
            MqttClient coffee = RawMqtt.connect(hub.brokerUri(), "coffee-events", "coffee-1", HubFixture.COFFEE_PASSWORD);

            await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: availability")
                    && lines.stream().anyMatch(line -> line.startsWith("data:") && line.contains("\"attribute\":\"occupant\"")
                    && line.contains("\"value\":\"asleep\"")));
            assertThat(lines).noneMatch(line -> line.contains("coffee-1")).as("filtered to bed-1");
            RawMqtt.closeQuietly(bed);
            RawMqtt.closeQuietly(coffee);
            stream.cancel(true);
        }
    }

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
