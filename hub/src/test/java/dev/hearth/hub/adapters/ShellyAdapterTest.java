package dev.hearth.hub.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.MutableClock;
import dev.hearth.hub.adapters.profile.Profiles;
import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Shelly profile and its RPC session: what a Plus 1PM's (or 2PM's) messages become, and its commands. */
class ShellyAdapterTest {
    private static final String PREFIX = "shellyplus1pm-a8032ab12345";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T06:00:00Z"));
    private final Adapters adapters = new Adapters(List.of(new NativeLogin("lamp-1", Protocol.SHELLY, PREFIX)),
            Profiles.builtIn(), "lamp-1"::equals, clock);

    @Test
    void itsAccessIsItsOwnPrefix() {
        var access = adapters.access("lamp-1").orElseThrow();
        assertThat(access.publish()).containsExactly(PREFIX + "/#");
        assertThat(access.subscribe()).containsExactly(PREFIX + "/rpc", PREFIX + "/command", PREFIX + "/command/#");
        assertThat(access.commandTopic()).isEqualTo(PREFIX + "/rpc");
        assertThat(access.swallow()).isEmpty();
    }

    @Test
    void itsMetaNamesTheFirstChannelWithUnits() {
        ObjectNode meta = ((DeviceEvent.Described) adapters.declared().get(0)).meta();
        assertThat(meta.path("type").asText()).isEqualTo("shelly");
        assertThat(meta.path("attributes").path("switch0").toString()).contains("\"boolean\"", "\"settable\":true");
        assertThat(meta.path("attributes").path("power0").path("unit").asText()).isEqualTo("W");
        assertThat(meta.path("origin").toString()).isEqualTo("{\"protocol\":\"shelly\",\"login\":\"lamp-1\",\"name\":\"" + PREFIX + "\"}");
    }

    @Test
    void aSwitchStatusIsStateAndTelemetry() {
        List<DeviceEvent> events = events(PREFIX + "/status/switch:0", """
                {"id":0,"source":"WS_in","output":true,"apower":8.9,"voltage":237.5,"current":0.041,
                 "aenergy":{"total":6.532,"by_minute":[45.9,47.0,46.2],"minute_ts":1654511040},"temperature":{"tC":47.2,"tF":117.0}}""");
        assertThat(reported(events)).isEqualTo("{\"switch0\":true}");
        assertThat(measured(events)).isEqualTo(
                "{\"power0\":8.9,\"voltage0\":237.5,\"current0\":0.041,\"energy0\":6.532,\"temperature0\":47.2}");
        assertThat(events).noneMatch(DeviceEvent.Described.class::isInstance); // all declared in its meta
    }

    @Test
    void aSecondChannelIsNumberedByItsComponentAndJoinsTheMeta() {
        List<DeviceEvent> events = events(PREFIX + "/status/switch:1", "{\"id\":1,\"output\":false,\"apower\":0}");
        assertThat(reported(events)).isEqualTo("{\"switch1\":false}");
        assertThat(measured(events)).isEqualTo("{\"power1\":0}");
        assertThat(events.get(0)).isInstanceOfSatisfying(DeviceEvent.Described.class, described ->
                assertThat(described.meta().path("attributes").path("switch1").path("type").asText()).isEqualTo("boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a delta                    | '{\"src\":\"" + PREFIX + "\",\"dst\":\"" + PREFIX + "/events\",\"method\":\"NotifyStatus\",\"params\":{\"ts\":1733119200.5,\"switch:0\":{\"id\":0,\"output\":false,\"source\":\"button\"}}}' | {\"switch0\":false}",
            "a full status, 2 channels  | '{\"method\":\"NotifyFullStatus\",\"params\":{\"ts\":1.5,\"sys\":{\"uptime\":2},\"switch:0\":{\"output\":true},\"switch:1\":{\"output\":false},\"input:0\":{\"id\":0,\"state\":null}}}' | {\"switch0\":true,\"switch1\":false}",
            "a switch input             | '{\"method\":\"NotifyStatus\",\"params\":{\"ts\":1.5,\"input:1\":{\"id\":1,\"state\":true}}}' | {\"input1\":true}",
            "a cover                    | '{\"method\":\"NotifyStatus\",\"params\":{\"ts\":1.5,\"cover:0\":{\"state\":\"opening\",\"current_pos\":null}}}' | {\"cover0\":\"opening\"}",
    })
    void notificationsMergeAsTheStatusOfTheirComponents(String what, String payload, String state) {
        assertThat(reported(events(PREFIX + "/events/rpc", payload))).isEqualTo(state);
    }

    @Test
    void aNotificationsTelemetryIsReadToo() {
        List<DeviceEvent> events = events(PREFIX + "/events/rpc", "{\"method\":\"NotifyStatus\",\"params\":{\"ts\":1.5,"
                + "\"switch:0\":{\"id\":0,\"aenergy\":{\"total\":7.1}},\"wifi\":{\"rssi\":-61}}}");
        assertThat(measured(events)).isEqualTo("{\"energy0\":7.1,\"wifi_signal\":-61}");
        assertThat(events).noneMatch(DeviceEvent.Reported.class::isInstance);
    }

    @Test
    void aButtonPushIsAnEventOfItsInputBetweenTwoIdles() {
        List<DeviceEvent> events = events(PREFIX + "/events/rpc", "{\"method\":\"NotifyEvent\",\"params\":{\"ts\":1.5,\"events\":["
                + "{\"component\":\"input:1\",\"id\":1,\"event\":\"single_push\",\"ts\":1.5}]}}");
        assertThat(events).filteredOn(DeviceEvent.Reported.class::isInstance)
                .extracting(event -> ((DeviceEvent.Reported) event).state().toString())
                .containsExactly("{\"input1_event\":\"idle\"}", "{\"input1_event\":\"single_push\"}", "{\"input1_event\":\"idle\"}");
        assertThat(events(PREFIX + "/events/rpc", "{\"method\":\"NotifyEvent\",\"params\":{\"ts\":1.5,\"events\":["
                + "{\"component\":\"sys\",\"event\":\"scheduled_restart\"}]}}")).as("an event of no input: nothing to map").isEmpty();
        assertThat(take(PREFIX + "/events/rpc", "{\"method\":\"NotifyEvent\",\"params\":{\"events\":[{\"component\":\"input:0\"}]}}"))
                .isInstanceOfSatisfying(Reading.Refused.class, refused -> {
                    assertThat(refused.reason()).isEqualTo("invalid_value");
                    assertThat(refused.message()).startsWith(PREFIX + "/events/rpc params.events[0]: an event names its component and the event");
                });
        assertThat(events(PREFIX + "/status/sys", "{\"mac\":\"A8032AB12345\",\"uptime\":2}")).isEmpty();
        assertThat(events(PREFIX + "/debug/log", "shelly_notification:163 Status change of switch:0")).isEmpty();
    }

    @Test
    void onlineIsAvailability() {
        assertThat(events(PREFIX + "/online", "false")).containsExactly(new DeviceEvent.Availability("lamp-1", false));
        assertThat(events(PREFIX + "/online", "true")).containsExactly(new DeviceEvent.Availability("lamp-1", true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/status/switch:0 | output: on                          | not_json       | 'shellyplus1pm-a8032ab12345/status/switch:0: not valid JSON'",
            "/status/switch:0 | '{\"output\":\"on\"}'                | invalid_value  | 'shellyplus1pm-a8032ab12345/status/switch:0: field output: expected boolean (true or false), got \"on\"'",
            "/events/rpc      | '{\"params\":{\"switch:0\":{\"output\":1}}}' | invalid_value | 'shellyplus1pm-a8032ab12345/events/rpc params.switch:0: field output: expected boolean'",
            "/events/rpc      | '{\"params\":'                      | not_json       | 'shellyplus1pm-a8032ab12345/events/rpc: not valid JSON'",
            "/online          | maybe                               | invalid_status | 'shellyplus1pm-a8032ab12345/online: expected true or false, got ''maybe'''",
            "/hearth/rpc      | '{\"id\":1}'                         | invalid_reply  | 'shellyplus1pm-a8032ab12345/hearth/rpc: an RPC reply carries exactly one of \"result\" or \"error\"'",
            "/hearth/rpc      | '{\"result\":{}}'                    | invalid_reply  | 'shellyplus1pm-a8032ab12345/hearth/rpc: an RPC reply carries the request''s \"id\"'",
    })
    void aMalformedMessageIsRefusedNamingTopicAndField(String topic, String payload, String reason, String message) {
        assertThat(take(PREFIX + topic, payload)).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.message()).startsWith(message);
        });
    }

    @Test
    void topicsOutsideItsPrefixAreOutside() {
        assertThat(take("shellyplus1pm-other/status/switch:0", "{\"output\":true}")).isInstanceOf(Reading.Outside.class);
        assertThat(take("devices/lamp-1/state", "{}")).isInstanceOf(Reading.Outside.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "turn_on  | {}               | Switch.Set    | {\"id\":0,\"on\":true}",
            "turn_off | {}               | Switch.Set    | {\"id\":0,\"on\":false}",
            "toggle   | {}               | Switch.Toggle | {\"id\":0}",
            "turn_on  | '{\"channel\":1}' | Switch.Set    | {\"id\":1,\"on\":true}",
            "open     | {}               | Cover.Open    | {\"id\":0}",
            "close    | '{\"cover\":1}'   | Cover.Close   | {\"id\":1}",
            "stop     | {}               | Cover.Stop    | {\"id\":0}",
            "set_position | '{\"position\":50}' | Cover.GoToPosition | {\"id\":0,\"pos\":50}",
    })
    void aCommandIsAnRpcRequestOnItsRpcTopic(String command, String args, String method, String params) throws Exception {
        NativePublish publish = adapters.command(request(command, args), new byte[] {1}).orElseThrow();
        assertThat(publish.topic()).isEqualTo(PREFIX + "/rpc");
        assertThat(WireJson.mapper().readTree(publish.payload()).path("method").asText()).isEqualTo(method);
        assertThat(WireJson.mapper().readTree(publish.payload()).path("params").toString()).isEqualTo(params);
        JsonNode frame = WireJson.mapper().readTree(publish.payload());
        assertThat(frame.path("src").asText()).isEqualTo(PREFIX + "/hearth");
        assertThat(frame.path("method").asText()).isEqualTo(method);
        assertThat(frame.path("params").toString()).isEqualTo(params);
        assertThat(frame.path("id").isIntegralNumber()).isTrue();
    }

    @Test
    void requestIdsAreUniquePerLoginAndLaterThanAnEarlierRunsIds() throws Exception {
        long first = id(adapters.command(request("turn_on", "{}"), new byte[] {1}).orElseThrow());
        long second = id(adapters.command(request("turn_off", "{}"), new byte[] {2}).orElseThrow());
        assertThat(second).isGreaterThan(first);
        assertThat(first).as("counted from the clock, so a restarted hub does not reuse ids").isGreaterThanOrEqualTo(clock.millis());
    }

    @Test
    void theReplyWithItsIdCompletesTheCommandWithItsResult() throws Exception {
        long id = id(adapters.command(request("turn_on", "{}"), new byte[] {7}).orElseThrow());
        List<DeviceEvent> events = events(PREFIX + "/hearth/rpc",
                "{\"id\":" + id + ",\"src\":\"" + PREFIX + "\",\"dst\":\"" + PREFIX + "/hearth\",\"result\":{\"was_on\":false}}");
        assertThat(events).singleElement().isInstanceOfSatisfying(DeviceEvent.Confirmed.class, confirmed -> {
            assertThat(confirmed.deviceId()).isEqualTo("lamp-1");
            assertThat(confirmed.correlation()).containsExactly(7);
            assertThat(confirmed.result().toString()).isEqualTo("{\"was_on\":false}");
        });
        assertThat(adapters.waitingConfirmations()).isZero();
        assertThat(events(PREFIX + "/hearth/rpc", "{\"id\":" + id + ",\"result\":{\"was_on\":false}}"))
                .as("answered once: a second answer is ignored").isEmpty();
        assertThat(adapters.unmatchedReplies()).isEqualTo(1);
    }

    @Test
    void anErrorReplyFailsTheCommandWithTheDevicesMessage() throws Exception {
        long id = id(adapters.command(request("turn_on", "{\"channel\":5}"), new byte[] {8}).orElseThrow());
        assertThat(events(PREFIX + "/hearth/rpc", "{\"id\":" + id + ",\"src\":\"" + PREFIX + "\",\"error\":{\"code\":-105,"
                + "\"message\":\"Argument 'id', value 5 not found!\"}}")).singleElement()
                .isInstanceOfSatisfying(DeviceEvent.Failed.class, failed -> {
                    assertThat(failed.correlation()).containsExactly(8);
                    assertThat(failed.error()).isEqualTo("Argument 'id', value 5 not found! (error -105)");
                });
    }

    @Test
    void aReplyToAnUnknownOrExpiredIdIsIgnoredAndCounted() throws Exception {
        assertThat(events(PREFIX + "/hearth/rpc", "{\"id\":42,\"result\":{}}")).isEmpty();
        long id = id(adapters.command(request("toggle", "{}"), new byte[] {9}).orElseThrow());
        clock.advance(Duration.ofSeconds(6)); // past the command's timeout: the dispatcher has given up
        assertThat(events(PREFIX + "/hearth/rpc", "{\"id\":" + id + ",\"result\":{\"was_on\":true}}")).isEmpty();
        assertThat(adapters.unmatchedReplies()).isEqualTo(2);
        assertThat(adapters.waitingConfirmations()).isZero();
    }

    @Test
    void aCommandItDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> adapters.command(request("brew", "{}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class)
                .hasMessage("lamp-1 (shelly) has no command 'brew'; it has [turn_on, turn_off, toggle, open, close, stop, set_position]");
        assertThatThrownBy(() -> adapters.command(request("set_position", "{}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class).hasMessage("set_position needs argument 'position'");
        assertThatThrownBy(() -> adapters.command(request("set_position", "{\"position\":\"half\"}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class).hasMessage("argument 'position' of set_position is an integer, got \"half\"");
    }

    private static long id(NativePublish publish) throws Exception {
        return WireJson.mapper().readTree(publish.payload()).path("id").longValue();
    }

    private CommandRequest request(String command, String args) throws Exception {
        return new CommandRequest("lamp-1", command, (ObjectNode) WireJson.mapper().readTree(args), Duration.ofSeconds(5), "test");
    }

    private Reading take(String topic, String payload) {
        return adapters.take("lamp-1", topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private List<DeviceEvent> events(String topic, String payload) {
        Reading reading = take(topic, payload);
        assertThat(reading).as(topic + " " + payload).isInstanceOf(Reading.Events.class);
        return ((Reading.Events) reading).events();
    }

    private static String reported(List<DeviceEvent> events) {
        return events.stream().filter(DeviceEvent.Reported.class::isInstance).map(event -> ((DeviceEvent.Reported) event).state())
                .reduce((a, b) -> b).map(Object::toString).orElse("{}");
    }

    private static String measured(List<DeviceEvent> events) {
        return events.stream().filter(DeviceEvent.Measured.class::isInstance)
                .map(event -> ((DeviceEvent.Measured) event).measurements()).reduce((a, b) -> b).map(Object::toString).orElse("{}");
    }
}
