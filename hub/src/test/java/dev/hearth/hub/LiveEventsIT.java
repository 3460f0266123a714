package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
}
