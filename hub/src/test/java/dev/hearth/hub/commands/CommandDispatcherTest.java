package dev.hearth.hub.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.time.VirtualTime;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommandDispatcherTest {
    private final VirtualTime time = VirtualTime.at(Instant.parse("2026-11-27T06:00:00Z"), ZoneOffset.UTC);
    private final List<Sent> sent = new ArrayList<>();
    private final List<CommandResult> completed = new ArrayList<>();
    private CompletableFuture<Void> delivery = CompletableFuture.completedFuture(null);
    private boolean coffeeListening = true;
    private final CommandDispatcher dispatcher = new CommandDispatcher(
            (topic, payload, responseTopic, correlation) -> {
                sent.add(new Sent(topic, new String(payload, StandardCharsets.UTF_8), responseTopic, correlation));
                return delivery;
            },
            "coffee-1"::equals, device -> coffeeListening, time, (request, result, latency) -> completed.add(result));

    @Test
    void aCommandForADeviceThatIsAwayGoesOutWhenItListensAgain() {
        coffeeListening = false;
        CompletableFuture<CommandResult> first = send(WireJson.mapper().createObjectNode().put("cups", 1), Duration.ofSeconds(5));
        CompletableFuture<CommandResult> second = send(WireJson.mapper().createObjectNode().put("cups", 2), Duration.ofSeconds(5));
        time.advance(Duration.ofSeconds(3));
        assertThat(sent).as("nobody would receive it yet").isEmpty();

        coffeeListening = true;
        dispatcher.onListening("coffee-1");

        assertThat(sent).extracting(Sent::payload).containsExactly("{\"cups\":1}", "{\"cups\":2}");
        dispatcher.onReply("coffee-1", Optional.of(sent.get(0).correlation()), reply("{\"ok\":true}"));
        assertThat(first).isCompletedWithValueMatching(r -> r instanceof CommandResult.Replied replied
                && !replied.waitedToDeliver().isZero());
        assertThat(second).isNotDone();
    }

    @Test
    void aDeviceThatDoesNotComeBackInTimeEndsItsCommandsUnsent() {
        coffeeListening = false;
        CompletableFuture<CommandResult> result = send(WireJson.mapper().createObjectNode(), Duration.ofSeconds(5));
        time.advance(Duration.ofSeconds(5));

        assertThat(result).isCompletedWithValueMatching(r -> r instanceof CommandResult.NoReply noReply
                && noReply.reason().contains("did not connect"));
        dispatcher.onListening("coffee-1");
        assertThat(sent).as("a command that ended is not sent after all").isEmpty();
    }

    @Test
    void publishesTheCommandAndCompletesWithTheDevicesReply() {
        ObjectNode args = WireJson.mapper().createObjectNode().put("cups", 2);
        CompletableFuture<CommandResult> result = send(args, Duration.ofSeconds(5));

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.topic()).isEqualTo("devices/coffee-1/commands/brew");
            assertThat(s.payload()).isEqualTo("{\"cups\":2}");
            assertThat(s.responseTopic()).isEqualTo("devices/coffee-1/replies");
        });
        dispatcher.onReply("coffee-1", Optional.of(sent.get(0).correlation()), reply("{\"ok\":true,\"result\":{\"eta\":90}}"));

        assertThat(result).isCompletedWithValueMatching(r -> r instanceof CommandResult.Replied replied
                && replied.ok() && replied.result().orElseThrow().path("eta").asInt() == 90);
        assertThat(dispatcher.pendingCount()).isZero();
        assertThat(time.pendingTasks()).as("the timeout is cancelled").isZero();
        assertThat(completed).containsExactly(result.join());
    }

    @Test
    void noReplyWithinTheTimeoutEndsTheRequest() {
        CompletableFuture<CommandResult> result = send(WireJson.mapper().createObjectNode(), Duration.ofSeconds(5));
        time.advance(Duration.ofMillis(4_999));
        assertThat(result).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(result).isCompletedWithValueMatching(r -> r instanceof CommandResult.NoReply noReply
                && noReply.reason().contains("within 5000 ms"));
        dispatcher.onReply("coffee-1", Optional.of(sent.get(0).correlation()), reply("{\"ok\":true}"));
        assertThat(dispatcher.pendingCount()).isZero();
    }

    @Test
    void theObserverHearsOfTheEndBeforeTheCaller() {
        CompletableFuture<Integer> observedWhenCallerHeard = send(WireJson.mapper().createObjectNode(), Duration.ofSeconds(5))
                .thenApply(result -> completed.size());
        dispatcher.onReply("coffee-1", Optional.of(sent.get(0).correlation()), reply("{\"ok\":true}"));
        assertThat(observedWhenCallerHeard).isCompletedWithValue(1);
    }

    @Test
    void aReplyFromAnotherDeviceOrWithoutCorrelationIsIgnored() {
        CompletableFuture<CommandResult> result = send(WireJson.mapper().createObjectNode(), Duration.ofSeconds(5));
        dispatcher.onReply("bed-1", Optional.of(sent.get(0).correlation()), reply("{\"ok\":true}"));
        dispatcher.onReply("coffee-1", Optional.empty(), reply("{\"ok\":true}"));
        assertThat(result).isNotDone();
    }

    @Test
    void aFailedReplyCarriesTheDevicesReason() {
        CompletableFuture<CommandResult> result = send(WireJson.mapper().createObjectNode(), Duration.ofSeconds(5));
        dispatcher.onReply("coffee-1", Optional.of(sent.get(0).correlation()), reply("{\"ok\":false,\"error\":\"no water\"}"));
        assertThat(result).isCompletedWithValueMatching(r -> r instanceof CommandResult.Replied replied
                && !replied.ok() && replied.error().orElseThrow().equals("no water"));
    }

    @Test
    void unknownDevicesAndFailedDeliveriesGetNoReply() {
        CompletableFuture<CommandResult> unknown = dispatcher.send(new CommandRequest("toaster-9", "toast",
                WireJson.mapper().createObjectNode(), Duration.ofSeconds(5), "r")).toCompletableFuture();
        assertThat(unknown).isCompletedWithValueMatching(r -> r instanceof CommandResult.NoReply);
        assertThat(sent).isEmpty();

        delivery = CompletableFuture.failedFuture(new IllegalStateException("broker stopping"));
        CompletableFuture<CommandResult> failed = send(WireJson.mapper().createObjectNode(), Duration.ofSeconds(5));
        assertThat(failed).isCompletedWithValueMatching(r -> r instanceof CommandResult.NoReply noReply
                && noReply.reason().contains("broker stopping"));
    }

    private CompletableFuture<CommandResult> send(ObjectNode args, Duration timeout) {
        return dispatcher.send(new CommandRequest("coffee-1", "brew", args, timeout, "morning-coffee")).toCompletableFuture();
    }

    private static CommandReply reply(String json) {
        try {
            return CommandReply.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (WireJson.InvalidPayloadException e) {
            throw new AssertionError(e);
        }
    }

    private record Sent(String topic, String payload, String responseTopic, byte[] correlation) {
    }
}
