package dev.hearth.simulator.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * The values of a {@link Behaviour.RandomWalk}, one per call. {@link SplittableRandom} with a
 * fixed seed gives the same numbers on every JVM, so a seeded scenario repeats exactly. Values
 * are rounded to three decimals: a sensor does not report fifteen digits.
 */
public final class RandomWalkSequence {
    private final Behaviour.RandomWalk walk;
    private final SplittableRandom random;
    private double value;

    RandomWalkSequence(Behaviour.RandomWalk walk) {
        this.walk = walk;
        this.random = new SplittableRandom(walk.seed());
        this.value = walk.start();
    }

    public double next() {
        double moved = value + (random.nextDouble() * 2 - 1) * walk.step();
        value = round(Math.max(walk.min(), Math.min(walk.max(), moved)));
        return value;
    }

    static JsonNode json(double value) {
        return JsonNodeFactory.instance.numberNode(value); // a double: 20.0 on the wire, never 2E+1
    }

    private static double round(double v) {
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }
}
