package dev.hearth.simulator.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.rules.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BehaviourPlayerTest {
    private final VirtualTime time = VirtualTime.at(Instant.parse("2026-01-05T06:00:00Z"), ZoneOffset.UTC);

    private static List<Double> walk(long seed, int n) {
        RandomWalkSequence values = new Behaviour.RandomWalk(20, 18, 22, 0.5, Duration.ofSeconds(1), seed).sequence();
        return IntStream.range(0, n).mapToObj(i -> values.next()).toList();
    }

    @Test
    void aSeededWalkRepeatsAndStaysWithinItsBoundsAndSteps() {
        List<Double> first = walk(42, 1_000);

        assertThat(first).isEqualTo(walk(42, 1_000)).isNotEqualTo(walk(43, 1_000));
        assertThat(first).allSatisfy(v -> assertThat(v).isBetween(18.0, 22.0));
        double previous = 20;
        for (double v : first) {
            assertThat(Math.abs(v - previous)).isLessThanOrEqualTo(0.5 + 1e-9);
            previous = v;
        }
        assertThat(first.stream().distinct().count()).as("it moves").isGreaterThan(100);
    }

    @Test
    void thePlayerReportsWalksAndScriptedValuesAtTheirTimes() {
        List<String> reports = new ArrayList<>();
        Map<String, Behaviour> behaviours = Map.of(
                "temperature", new Behaviour.RandomWalk(20, 0, 40, 1, Duration.ofMinutes(1), 7),
                "door", new Behaviour.Scripted(List.of(new Sample(Duration.ZERO, TextNode.valueOf("closed")),
                        new Sample(Duration.ofSeconds(90), TextNode.valueOf("open")))),
                "level", new Behaviour.Constant(IntNode.valueOf(3)));

        assertThat(BehaviourPlayer.initialValues(behaviours)).containsOnly(
                Map.entry("temperature", DoubleNode.valueOf(20)), Map.entry("door", TextNode.valueOf("closed")),
                Map.entry("level", IntNode.valueOf(3)));
        BehaviourPlayer player = BehaviourPlayer.start(behaviours, time,
                (attribute, value) -> reports.add(Duration.between(Instant.parse("2026-01-05T06:00:00Z"), time.now()).toSeconds()
                        + "s " + attribute + "=" + value));
        time.advance(Duration.ofMinutes(3));
        player.stop();
        time.advance(Duration.ofMinutes(3));

        assertThat(reports).hasSize(4).first().asString().startsWith("60s temperature=");
        assertThat(reports.get(1)).isEqualTo("90s door=\"open\"");
        assertThat(reports.get(2)).startsWith("120s temperature=");
        assertThat(reports.get(3)).startsWith("180s temperature=");
    }

    @Test
    void aSampleAfterTheStartLeavesTheAttributeOutOfTheInitialState() {
        JsonNode v = new Behaviour.Scripted(List.of(new Sample(Duration.ofSeconds(5), IntNode.valueOf(1)))).initialValue();
        assertThat(v.isNull()).isTrue();
        assertThat(BehaviourPlayer.initialValues(Map.of("x", new Behaviour.Scripted(List.of(new Sample(Duration.ofSeconds(5), IntNode.valueOf(1)))))))
                .isEmpty();
    }
}
