package dev.hearth.simulator.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.time.VirtualTime;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.AttributeSpec;
import dev.hearth.simulator.device.GenericDevice;
import dev.hearth.simulator.device.OfflineMode;
import dev.hearth.simulator.device.Thermostat;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.MergedState;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VirtualHubTest {
    private final VirtualTime time = VirtualTime.at(Instant.parse("2026-01-05T06:00:00Z"), ZoneOffset.UTC);
    private final VirtualHub hub = new VirtualHub(time.clock(), time);
    private final SimulationContext context = new SimulationContext("virtual://test", time, time.clock(), hub);

    private CommandResult send(String device, String command, String args, Duration timeout) throws Exception {
        CompletableFuture<CommandResult> result = hub.send(new CommandRequest(device, command,
                (com.fasterxml.jackson.databind.node.ObjectNode) WireJson.mapper().readTree(args), timeout, "test")).toCompletableFuture();
        time.advance(timeout);
        return result.getNow(null);
    }

    @Test
    void aThermostatAnswersSetTargetAndTheHubSeesTheNewTarget() throws Exception {
        try (Thermostat thermostat = new Thermostat("thermo-1", "p", context)) {
            thermostat.connect();

            assertThat(send("thermo-1", "set-target", "{\"value\":22}", Duration.ofSeconds(1)))
                    .isEqualTo(new CommandResult.Replied(true, Optional.of(WireJson.mapper().readTree("{\"target\":22}")), Optional.empty()));
            assertThat(hub.attribute("thermo-1", "target")).contains(IntNode.valueOf(22));
            assertThat(send("thermo-1", "set-target", "{\"value\":99}", Duration.ofSeconds(1)))
                    .isEqualTo(new CommandResult.Replied(false, Optional.empty(), Optional.of("value must be a number from 5 to 35, was 99")));
            assertThat(send("thermo-1", "defrost", "{}", Duration.ofSeconds(1)))
                    .isEqualTo(new CommandResult.Replied(false, Optional.empty(), Optional.of("unknown command 'defrost'")));
        }
    }

    @Test
    void anOfflineDeviceGetsNoReplyHoldsItsReportsAndSendsThemWhenBack() throws Exception {
        List<String> availability = new ArrayList<>();
        hub.onAvailability((id, online, at) -> availability.add(id + (online ? " online" : " offline")));
        try (GenericDevice fan = new GenericDevice("fan-1", "p", context, "fan",
                List.of(new AttributeSpec("speed", AttributeType.INTEGER, Optional.empty(), new Behaviour.Constant(IntNode.valueOf(0)))),
                List.of(CommandMeta.of("spin")))) {
            fan.connect();
            fan.goOffline(OfflineMode.DROP);
            fan.report(Map.of("speed", 3));

            assertThat(send("fan-1", "spin", "{}", Duration.ofSeconds(5))).isInstanceOf(CommandResult.NoReply.class);
            assertThat(hub.attribute("fan-1", "speed")).contains(IntNode.valueOf(0));

            fan.comeOnline();
            assertThat(hub.attribute("fan-1", "speed")).contains(IntNode.valueOf(3));
            assertThat(send("fan-1", "spin", "{\"rpm\":9}", Duration.ofSeconds(1)))
                    .isEqualTo(new CommandResult.Replied(true, Optional.of(WireJson.mapper().readTree("{\"rpm\":9}")), Optional.empty()));
            assertThat(fan.receivedCommands()).extracting(c -> c.name()).containsExactly("spin");
        }
        assertThat(availability).containsExactly("fan-1 online", "fan-1 offline", "fan-1 online", "fan-1 offline");
    }

    /** A blob that takes a fifth of what the hub keeps for a device's state, less a little. */
    private static final String BLOB = "x".repeat(50_000);

    static Stream<Arguments> refusals() {
        List<String> fiveBlobs = IntStream.range(0, 5).mapToObj(i -> "{\"blob" + i + "\":\"" + BLOB + "\"}").toList();
        return Stream.of(
                arguments("not a JSON object", List.of(), "not json", "not valid JSON"),
                arguments("the state size limit the real hub applies", fiveBlobs, "{\"blob5\":\"" + BLOB + "\"}",
                        "more than the " + MergedState.MAX_STATE_BYTES + " the hub keeps for a device"),
                arguments("the attribute name limit the real hub applies", List.of(),
                        "{\"" + "n".repeat(MergedState.MAX_ATTRIBUTE_NAME_LENGTH + 1) + "\":1}", "the hub accepts"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aReportTheRealHubRefusesIsRefusedAndTheNextOneTaken(String why, List<String> earlier, String refused, String reason) {
        earlier.forEach(report -> hub.publishRaw("bed-1", TopicKind.STATE, report.getBytes(StandardCharsets.UTF_8)));
        assertThat(hub.refused()).as("the earlier reports are taken").isEmpty();
        hub.publishRaw("bed-1", TopicKind.STATE, refused.getBytes(StandardCharsets.UTF_8));
        hub.publishRaw("bed-1", TopicKind.STATE, "{\"occupant\":\"awake\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(hub.refused()).singleElement().asString().startsWith("bed-1 state: ").contains(reason);
        assertThat(hub.attribute("bed-1", "occupant")).map(Object::toString).contains("\"awake\"");
        assertThat(hub.attribute("bed-1", "blob5")).as("refused whole").isEmpty();
    }
}
