package dev.hearth.hub.bridges;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommandQueueTest {
    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

    private static CommandQueue.Queued command(String topic, int secondsToLive) {
        return new CommandQueue.Queued(topic, new byte[0], NOW.plusSeconds(secondsToLive), new CompletableFuture<>());
    }

    @Test
    void commandsComeOutInTheOrderTheyWentIn() {
        CommandQueue queue = new CommandQueue(3);
        queue.add(command("a", 60));
        queue.add(command("b", 60));
        assertThat(queue.poll().orElseThrow().topic()).isEqualTo("a");
        assertThat(queue.poll().orElseThrow().topic()).isEqualTo("b");
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void whenFullTheOldestIsDroppedAndCounted() {
        CommandQueue queue = new CommandQueue(2);
        assertThat(queue.add(command("a", 60))).isEmpty();
        assertThat(queue.add(command("b", 60))).isEmpty();
        assertThat(queue.add(command("c", 60)).orElseThrow().topic()).isEqualTo("a");
        assertThat(queue.droppedFull()).isEqualTo(1);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.poll().orElseThrow().topic()).isEqualTo("b");
    }

    @Test
    void aCommandOnItsWayWhenTheLinkDroppedGoesBackFirstUnlessTheQueueIsFull() {
        CommandQueue queue = new CommandQueue(2);
        queue.add(command("b", 60));
        assertThat(queue.retry(command("a", 60))).isEmpty();
        assertThat(queue.poll().orElseThrow().topic()).isEqualTo("a");
        queue.add(command("c", 60));
        assertThat(queue.retry(command("oldest", 60)).orElseThrow().topic()).as("the oldest is the one dropped").isEqualTo("oldest");
        assertThat(queue.droppedFull()).isEqualTo(1);
    }

    @Test
    void commandsPastTheirTimeoutAreTakenOutAndCounted() {
        CommandQueue queue = new CommandQueue(5);
        queue.add(command("short", 1));
        queue.add(command("long", 60));
        assertThat(queue.expired(NOW)).isEmpty();
        assertThat(queue.expired(NOW.plusSeconds(1))).extracting(CommandQueue.Queued::topic).containsExactly("short");
        assertThat(queue.droppedExpired()).isEqualTo(1);
        assertThat(queue.poll().orElseThrow().topic()).isEqualTo("long");
    }
}
