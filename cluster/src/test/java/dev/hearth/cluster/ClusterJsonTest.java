package dev.hearth.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.cluster.ClusterEvent.AvailabilityChanged;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.MetaDescribed;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterEvent.TelemetryReceived;
import dev.hearth.rules.Causation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-02T07:00:00.123Z");

    static Stream<ClusterEvent> events() {
        ObjectNode measurements = JSON.createObjectNode().put("temperature", 21.5);
        ObjectNode meta = JSON.createObjectNode().put("type", "motion");
        return Stream.of(
                new StateChanged("home-1", "hub-a", "bed-1", AT, "occupant", Optional.of(TextNode.valueOf("asleep")),
                        TextNode.valueOf("awake"), new Causation("c1", 2)),
                new StateChanged("home-1", "hub-a", "bed-1", AT, "occupant", Optional.empty(), BooleanNode.TRUE,
                        Causation.EXTERNAL),
                new AvailabilityChanged("home-1", "hub-b", "bed-1", AT, false),
                new TelemetryReceived("home-1", "hub-a", "sensor-1", AT, measurements),
                new MetaDescribed("home-1", "hub-a", "motion-1", AT, meta),
                new CommandCompleted("home-1", "hub-a", "coffee-1", AT, "cmd-1", true,
                        Optional.of(JSON.createObjectNode().put("cups", 1)), Optional.empty()),
                new CommandCompleted("home-1", "hub-a", "coffee-1", AT, "cmd-2", false, Optional.empty(),
                        Optional.of("coffee-1 is offline")));
    }

    @ParameterizedTest
    @MethodSource("events")
    void anEventReadsBackAsItWasWritten(ClusterEvent event) {
        assertThat(ClusterJson.readEvent(ClusterJson.write(event))).isEqualTo(event);
    }

    @Test
    void aCommandReadsBackAsItWasWritten() {
        ClusterCommand command = new ClusterCommand("rule-1/t-7", "home-1", "coffee-1", "brew",
                JSON.createObjectNode().put("cups", 1), Duration.ofSeconds(5), "morning-coffee",
                new Causation("c1", 1), AT);

        assertThat(ClusterJson.readCommand(ClusterJson.write(command))).isEqualTo(command);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                                          | not JSON",
            "[1]                                                               | not a JSON object",
            "{\"v\":2,\"site\":\"s\"}                                          | field 'v': version 2, this reader knows 1",
            "{\"v\":1,\"hub\":\"h\",\"device\":\"d\",\"at\":\"2026-12-02T07:00:00Z\",\"type\":\"state\"} | field 'site': missing",
            "{\"v\":1,\"site\":\"s\",\"hub\":\"h\",\"device\":\"d\",\"at\":\"yesterday\",\"type\":\"state\"} | field 'at': not an ISO-8601 instant",
            "{\"v\":1,\"site\":\"s\",\"hub\":\"h\",\"device\":\"d\",\"at\":\"2026-12-02T07:00:00Z\",\"type\":\"gossip\"} | field 'type': unknown event type 'gossip'",
            "{\"v\":1,\"site\":\"s\",\"hub\":\"h\",\"device\":\"d\",\"at\":\"2026-12-02T07:00:00Z\",\"type\":\"availability\",\"online\":\"yes\"} | field 'online': not true or false",
            "{\"v\":1,\"site\":\"a b\",\"hub\":\"h\",\"device\":\"d\",\"at\":\"2026-12-02T07:00:00Z\",\"type\":\"availability\",\"online\":true} | field 'site': a site is 1 to 64 letters",
            "{\"v\":1,\"site\":\"s\",\"hub\":\"h\",\"device\":\"d\",\"at\":\"2026-12-02T07:00:00Z\",\"type\":\"state\",\"attribute\":\"a\",\"current\":1,\"causation\":{\"id\":\"c\"}} | field 'causation.depth': missing",
    })
    void aRecordThatDoesNotReadSaysWhichField(String json, String message) {
        assertThatThrownBy(() -> ClusterJson.readEvent(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ClusterFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCommandWithoutItsIdIsRefusedNamingIt() {
        String json = "{\"v\":1,\"site\":\"s\",\"device\":\"d\",\"command\":\"brew\",\"args\":{},\"timeout_ms\":5000,"
                + "\"rule\":\"r\",\"causation\":{\"id\":\"\",\"depth\":0},\"issued_at\":\"2026-12-02T07:00:00Z\"}";

        assertThatThrownBy(() -> ClusterJson.readCommand(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("field 'command_id': missing");
    }

    @Test
    void aTombstoneReadsAsNull() {
        assertThat(ClusterSerdes.events().deserializer().deserialize("hearth.events", null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"hearth,hearth.events,hearth.commands,hearth.traces",
            "site-b.prod,site-b.prod.events,site-b.prod.commands,site-b.prod.traces"})
    void topicsAreNamedFromAPrefix(String prefix, String events, String commands, String traces) {
        assertThat(ClusterTopics.withPrefix(prefix)).isEqualTo(new ClusterTopics(events, commands, traces));
    }

    @Test
    void aPrefixThatIsNoTopicNameIsRefused() {
        assertThatThrownBy(() -> ClusterTopics.withPrefix("my topics")).hasMessageContaining("my topics");
    }
}
