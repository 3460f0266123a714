package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A corpus of hostile and broken input from a connected device, on its own topics and at the
 * protocol level. Each payload is refused with its own counted reason and leaves the device's
 * state as it was; after each, the hub still serves and still takes good input.
 */
class BadInputCorpusIT extends SharedHub {
    private static final int PAYLOAD_FORMAT_INVALID = 153;
    private static final int FIVE_MB = 5 * 1024 * 1024;

    private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
    private MqttAsyncClient bed;
    /** Another device, whose good input must go on being taken. */
    private MqttAsyncClient coffee;

    /** Packets up to 8 MiB get through the broker, so the hub's own JSON limits are what refuse. */
    @Override
    protected String mqttSettings() {
        return "max-packet-size: 8388608";
    }

    @BeforeAll
    void connectBedAndWatchForErrors() throws Exception {
        errors.start();
        root().addAppender(errors);
        bed = RawMqtt.connectAsync(hub.brokerUri(), "bed-corpus", BED, BED_PASSWORD);
        coffee = RawMqtt.connectAsync(hub.brokerUri(), "coffee-corpus", COFFEE, COFFEE_PASSWORD);
        publish(bed, TopicKind.STATE, utf8("{\"occupant\":\"asleep\",\"temperature\":36.6}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "asleep".equals(bedState().path("occupant").asText()));
    }

    @AfterAll
    void disconnectDevices() {
        RawMqtt.closeQuietly(bed);
        RawMqtt.closeQuietly(coffee);
        root().detachAppender(errors);
    }

    @AfterEach
    void theHubNeitherFailedNorStopped() throws Exception {
        assertThat(errors.list).as("no error of the hub's own, no VM error anywhere")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getLoggerName().startsWith("dev.hearth"))
                .noneMatch(e -> e.getThrowableProxy() instanceof ThrowableProxy proxy
                        && proxy.getThrowable() instanceof VirtualMachineError);
        assertThat(hub.get("/health").statusCode()).isEqualTo(200);
        String level = "level-" + System.nanoTime();
        assertThat(publish(coffee, TopicKind.STATE, utf8("{\"water\":\"" + level + "\"}"))).isLessThan(0x80);
        assertThat(hub.getJson("/api/devices/coffee-1").path("state").path("water").asText())
                .as("a state publish is taken before its PUBACK").isEqualTo(level);
    }

    record BadPayload(String name, TopicKind topic, byte[] payload, String reason) {
        @Override
        public String toString() {
            return name + " on " + topic.segment() + " -> " + reason;
        }
    }

    static Stream<BadPayload> corpus() {
        Random random = new Random(20_261_127);
        byte[] randomBytes = new byte[2_000];
        random.nextBytes(randomBytes);
        byte[] randomAscii = new byte[2_000];
        for (int i = 0; i < randomAscii.length; i++) {
            randomAscii[i] = (byte) (' ' + random.nextInt(95));
        }
        int depth = 10_000;
        return Stream.of(
                new BadPayload("random bytes", TopicKind.STATE, randomBytes, "invalid_utf8"),
                new BadPayload("random text", TopicKind.STATE, randomAscii, "not_json"),
                new BadPayload("truncated JSON", TopicKind.STATE, utf8("{\"occupant\":\"aw"), "not_json"),
                new BadPayload("two objects", TopicKind.STATE, utf8("{\"occupant\":\"awake\"}{}"), "not_json"),
                new BadPayload("10,000 nested arrays", TopicKind.STATE, utf8("[".repeat(depth) + "]".repeat(depth)), "too_deep"),
                new BadPayload("10,000 nested objects", TopicKind.STATE,
                        utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)), "too_deep"),
                new BadPayload("nested past the limit in telemetry", TopicKind.TELEMETRY,
                        utf8("{\"a\":[".repeat(20) + "]}".repeat(20)), "too_deep"),
                new BadPayload("5 MB object", TopicKind.STATE, utf8("{\"occupant\":\"" + "z".repeat(FIVE_MB) + "\"}"), "too_large"),
                new BadPayload("an array", TopicKind.STATE, utf8("[{\"occupant\":\"awake\"}]"), "not_object"),
                new BadPayload("a number", TopicKind.STATE, utf8("42"), "not_object"),
                new BadPayload("a string", TopicKind.TELEMETRY, utf8("\"36.6\""), "not_object"),
                new BadPayload("invalid UTF-8 in a string", TopicKind.STATE,
                        new byte[] {'{', '"', 'o', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, "invalid_utf8"),
                new BadPayload("overlong UTF-8 encoding of '/'", TopicKind.STATE,
                        new byte[] {'{', '"', 'o', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, "invalid_utf8"),
                new BadPayload("meta with a number for type", TopicKind.META, utf8("{\"type\":5}"), "invalid_meta"),
                new BadPayload("meta with attributes as a list", TopicKind.META,
                        utf8("{\"type\":\"bed\",\"attributes\":[\"occupant\"]}"), "invalid_meta"),
                new BadPayload("status neither online nor offline", TopicKind.STATUS, utf8("sleepy"), "invalid_status"),
                new BadPayload("status as JSON", TopicKind.STATUS, utf8("{\"online\":true}"), "invalid_status"),
                new BadPayload("status not UTF-8", TopicKind.STATUS, new byte[] {(byte) 0xFF, (byte) 0xFE}, "invalid_utf8"),
                new BadPayload("reply without ok", TopicKind.REPLIES, utf8("{\"result\":1}"), "invalid_reply"),
                new BadPayload("reply not JSON", TopicKind.REPLIES, utf8("done!"), "not_json"),
                new BadPayload("ts in the year +1000000000", TopicKind.TELEMETRY,
                        utf8("{\"ts\":\"+1000000000-01-01T00:00:00Z\",\"v\":1}"), "invalid_timestamp"),
                new BadPayload("ts that is not a time", TopicKind.TELEMETRY, utf8("{\"ts\":\"yesterday\",\"v\":1}"), "invalid_timestamp"),
                new BadPayload("ts two days ahead", TopicKind.TELEMETRY,
                        utf8("{\"ts\":\"" + Instant.now().plus(Duration.ofDays(2)) + "\",\"v\":1}"), "invalid_timestamp"),
                new BadPayload("ts in 1970 (epoch ms)", TopicKind.TELEMETRY, utf8("{\"ts\":0,\"v\":1}"), "invalid_timestamp"),
                new BadPayload("ts the largest long", TopicKind.TELEMETRY,
                        utf8("{\"ts\":9223372036854775807,\"v\":1}"), "invalid_timestamp"),
                new BadPayload("ts a boolean", TopicKind.TELEMETRY, utf8("{\"ts\":true,\"v\":1}"), "invalid_timestamp"),
                new BadPayload("a number past a double", TopicKind.STATE, utf8("{\"big\":1e999}"), "number_out_of_range"),
                new BadPayload("a negative number past a double, nested", TopicKind.TELEMETRY,
                        utf8("{\"v\":[1,{\"w\":-1e999}]}"), "number_out_of_range"),
                new BadPayload("an integer of 400 digits", TopicKind.STATE, utf8("{\"big\":1" + "0".repeat(400) + "}"),
                        "number_out_of_range"),
                new BadPayload("a key twice", TopicKind.STATE, utf8("{\"occupant\":\"awake\",\"occupant\":\"asleep\"}"),
                        "duplicate_key"),
                new BadPayload("a key twice in telemetry", TopicKind.TELEMETRY, utf8("{\"v\":1,\"v\":2}"), "duplicate_key"),
                new BadPayload("a key twice in a reply", TopicKind.REPLIES, utf8("{\"ok\":true,\"ok\":false}"), "duplicate_key"),
                new BadPayload("status with a NUL", TopicKind.STATUS, utf8("online\0"), "invalid_status"),
                new BadPayload("status after a NUL", TopicKind.STATUS, utf8("\0offline"), "invalid_status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadPayloadIsRefusedWithItsReasonAndLeavesTheStateAsItWas(BadPayload bad) throws Exception {
        JsonNode before = bedState();
        double counted = hub.rejected(bad.reason());

        assertThat(publish(bed, bad.topic(), bad.payload())).as("PUBACK reason").isEqualTo(PAYLOAD_FORMAT_INVALID);

        await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected(bad.reason()) == counted + 1);
        assertThat(bedState()).isEqualTo(before);
        assertThat(bed.isConnected()).as("a bad payload is refused, not a reason to drop the device").isTrue();
    }

    @Test
    void unknownFieldsAndObjectValuedAttributesAreTheContractNotErrors() throws Exception {
        double refusedBefore = totalRejected();
        // accepted: a PUBACK reason below 128 (0 success, 16 no matching subscribers)
        assertThat(publish(bed, TopicKind.STATE, utf8("{\"firmware_note\":\"new\",\"schedule\":{\"wake\":\"06:30\",\"days\":[1,2]}}")))
                .isLessThan(0x80);
        assertThat(publish(bed, TopicKind.META, utf8("{\"type\":\"bed\",\"vendor\":\"acme\","
                + "\"attributes\":{\"schedule\":{\"type\":\"object\",\"colour\":\"blue\"}}}"))).isLessThan(0x80);
        assertThat(publish(bed, TopicKind.REPLIES, utf8("{\"ok\":true,\"took_ms\":3}"))).isLessThan(0x80);

        await().atMost(Duration.ofSeconds(5)).until(() -> bedState().path("schedule").path("wake").asText().equals("06:30"));
        assertThat(bedState().path("firmware_note").asText()).isEqualTo("new");
        assertThat(totalRejected()).isEqualTo(refusedBefore);
    }

    /** The poison message: it used to kill the storage writer, and every QoS 1 publish after it got 128. */
    @Test
    void aTelemetryTimeStorageCannotHoldIsRefusedAndOtherDevicesGoOnBeingStored() throws Exception {
        double counted = hub.rejected("invalid_timestamp");
        assertThat(publish(bed, TopicKind.TELEMETRY, utf8("{\"ts\":\"+1000000000-01-01T00:00:00Z\",\"v\":1}")))
                .isEqualTo(PAYLOAD_FORMAT_INVALID);
        assertThat(hub.rejected("invalid_timestamp")).isEqualTo(counted + 1);

        Instant measured = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MILLIS);
        assertThat(publish(coffee, TopicKind.TELEMETRY, utf8("{\"ts\":\"" + measured + "\",\"grams\":17}")))
                .as("another device's QoS 1 telemetry is acknowledged").isLessThan(0x80);
        JsonNode points = hub.getJson("/api/devices/coffee-1/history?attribute=grams&from="
                + measured.minusSeconds(1) + "&to=" + measured.plusSeconds(1)).path("points");
        assertThat(points).as("and stored, at the time it claims").singleElement()
                .satisfies(point -> assertThat(point.path("at").asText()).isEqualTo(measured.toString()));
        assertThat(hub.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(hub.hub.services().storageWriter().stats().restarts()).as("the writer never died").isZero();
    }

    @Test
    void aDeviceCannotGrowItsStatePastWhatTheHubKeepsForIt() throws Exception {
        String blob = "b".repeat(50_000); // each report is fine; the sixth would take the state past 256 KiB
        for (int i = 0; i < 5; i++) {
            assertThat(publish(bed, TopicKind.STATE, utf8("{\"blob" + i + "\":\"" + blob + "\"}"))).isLessThan(0x80);
        }
        JsonNode before = bedState();
        double counted = hub.rejected("state_too_large");

        assertThat(publish(bed, TopicKind.STATE, utf8("{\"blob5\":\"" + blob + "\"}"))).isEqualTo(PAYLOAD_FORMAT_INVALID);

        assertThat(hub.rejected("state_too_large")).isEqualTo(counted + 1);
        assertThat(bedState()).isEqualTo(before);
        assertThat(publish(bed, TopicKind.STATE, utf8("{\"blob0\":null,\"blob1\":null,\"blob2\":null,\"blob3\":null,\"blob4\":null}")))
                .as("removing attributes makes room again").isLessThan(0x80);
    }

    @Test
    void aMalformedReplyEndsTheWaitingCommandAtOnce() throws Exception {
        RawMqtt.onMessage(bed, (topic, command) -> {
            MqttProperties correlated = new MqttProperties();
            correlated.setCorrelationData(command.getProperties().getCorrelationData());
            bed.publish(Topics.replies(BED), new MqttMessage(utf8("{\"ok\":\"maybe\"}"), 1, false, correlated));
        });
        bed.subscribe(Topics.commandsSubtreeFilter(BED), 1).waitForCompletion(5_000);
        try {
            var response = hub.send("POST", "/api/devices/bed-1/commands/warm?timeout=30s", "{}", hub.adminToken);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(HubFixture.json(response).path("error").asText()).startsWith("malformed reply: invalid reply");
        } finally {
            bed.unsubscribe(Topics.commandsSubtreeFilter(BED)).waitForCompletion(5_000);
        }
    }

    @Test
    void aTopicThatIsNotUtf8IsAProtocolErrorThatDropsOnlyThatConnection() throws Exception {
        try (MqttSocket raw = MqttSocket.connect(hub.hub.mqttPort(), "bed-raw-topic", BED, BED_PASSWORD)) {
            byte[] topic = {'d', 'e', 'v', 'i', 'c', 'e', 's', '/', 'b', 'e', 'd', '-', '1', '/', (byte) 0xC3, (byte) 0x28};
            raw.publish(topic, utf8("{\"occupant\":\"awake\"}"));
            assertThat(raw.closedByBrokerWithin(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(bedState().path("occupant").asText()).isEqualTo("asleep");
        assertThat(bed.isConnected()).isTrue();
    }

    @Test
    void clientIdsLongerThanTheBrokerAllowsAreRefusedAtConnect() throws Exception {
        double counted = hub.rejected("client_id_too_long");
        for (int length : new int[] {257, 65_535, 70_000}) { // 70,000 overflows the 2-byte length prefix: a malformed packet
            try (MqttSocket raw = MqttSocket.open(hub.hub.mqttPort())) {
                raw.sendConnect(utf8("c".repeat(length)), BED, BED_PASSWORD);
                assertThat(raw.readConnack()).as("CONNACK for a %d-character client id", length)
                        .isNotEqualTo(MqttSocket.CONNACK_SUCCESS);
            }
        }
        assertThat(hub.metric("hearth_mqtt_connections")).as("only the corpus's bed and coffee count").isEqualTo(2);
        assertThat(hub.rejected("client_id_too_long")).as("the two well-formed CONNECTs").isEqualTo(counted + 2);
    }

    @Test
    void deeplyNestedHttpBodiesAreABadRequest() {
        int depth = 10_000;
        var response = hub.send("POST", "/api/devices/bed-1/commands/warm?timeout=1s",
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), hub.adminToken);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("nesting depth");
    }

    @Test
    void httpBodiesWithAKeyTwiceOrANumberPastADoubleAreABadRequest() {
        var twice = hub.send("POST", "/api/devices", "{\"id\":\"lamp-9\",\"id\":\"lamp-10\"}", hub.adminToken);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(twice.body()).contains("Duplicate field 'id'");
        assertThat(hub.send("GET", "/api/devices/lamp-9", null, hub.adminToken).statusCode()).isEqualTo(404);
        assertThat(hub.send("GET", "/api/devices/lamp-10", null, hub.adminToken).statusCode()).isEqualTo(404);

        var huge = hub.send("POST", "/api/devices/bed-1/commands/warm?timeout=1s", "{\"minutes\":1e999}", hub.adminToken);
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("beyond the range of a double");
    }

    private static int publish(MqttAsyncClient client, TopicKind kind, byte[] payload) throws MqttException {
        String device = client.getClientId().startsWith("coffee") ? COFFEE : BED;
        return RawMqtt.publishForReason(client, Topics.of(device, kind), payload);
    }

    private double totalRejected() {
        return Stream.of("not_json", "not_object", "too_deep", "too_large", "invalid_utf8", "invalid_meta",
                "invalid_status", "invalid_reply", "state_too_large", "invalid_timestamp", "number_out_of_range", "duplicate_key").mapToDouble(hub::rejected).sum();
    }

    private JsonNode bedState() {
        return hub.getJson("/api/devices/bed-1").path("state");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
