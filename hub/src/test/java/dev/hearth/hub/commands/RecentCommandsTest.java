package dev.hearth.hub.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentCommandsTest {
    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
    private final RecentCommands recent = new RecentCommands(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void keepsTheLastCommandsOfEachDeviceNewestFirstWithHowTheyEnded() {
        recent.completed(request("coffee-1", "brew", "api"), new CommandResult.Replied(true,
                Optional.of(WireJson.mapper().createObjectNode().put("cups", 1)), Optional.empty()), Duration.ofMillis(40));
        recent.completed(request("coffee-1", "brew", "morning-coffee"),
                new CommandResult.Replied(false, Optional.empty(), Optional.of("already brewing")), Duration.ofMillis(5));
        recent.completed(request("coffee-1", "descale", "api"), new CommandResult.NoReply("no reply within 5000 ms"),
                Duration.ofSeconds(5));

        assertThat(recent.of("coffee-1")).extracting(RecentCommands.SentCommand::outcome).containsExactly("no-reply", "error", "ok");
        RecentCommands.SentCommand newest = recent.of("coffee-1").get(0);
        assertThat(newest.sentAt()).as("sent when it ended, less its latency").isEqualTo(NOW.minusSeconds(5));
        assertThat(newest.error()).contains("no reply within 5000 ms");
        assertThat(recent.of("coffee-1").get(1).sentBy()).isEqualTo("morning-coffee");
        assertThat(recent.of("coffee-1").get(2).result().orElseThrow().path("cups").asInt()).isEqualTo(1);
        assertThat(recent.of("bed-1")).isEmpty();
    }

    @Test
    void forgetsTheOldestPastItsBound() {
        for (int i = 0; i < RecentCommands.PER_DEVICE + 5; i++) {
            recent.completed(request("lamp-1", "toggle-" + i, "api"), new CommandResult.NoReply("offline"), Duration.ZERO);
        }
        assertThat(recent.of("lamp-1")).hasSize(RecentCommands.PER_DEVICE);
        assertThat(recent.of("lamp-1").get(0).command()).isEqualTo("toggle-" + (RecentCommands.PER_DEVICE + 4));
    }

    private static CommandRequest request(String device, String command, String by) {
        return new CommandRequest(device, command, WireJson.mapper().createObjectNode(), Duration.ofSeconds(5), by);
    }
}
