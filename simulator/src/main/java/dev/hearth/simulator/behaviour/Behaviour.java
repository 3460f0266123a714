package dev.hearth.simulator.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How one attribute of a simulated device moves by itself. */
public sealed interface Behaviour {

    /** The value the attribute has when the device connects. */
    JsonNode initialValue();

    /** Always the same value. */
    record Constant(JsonNode value) implements Behaviour {
        public Constant {
            value = Objects.requireNonNull(value, "value").deepCopy();
        }

        @Override
        public JsonNode initialValue() {
            return value.deepCopy();
        }
    }

    /**
     * Starts at {@code start}; every {@code every}, moves by a uniform random amount in
     * [-step, +step], kept within [min, max]. The same {@code seed} gives the same walk.
     */
    record RandomWalk(double start, double min, double max, double step, Duration every, long seed) implements Behaviour {
        public RandomWalk {
            if (!(min <= start && start <= max)) {
                throw new IllegalArgumentException("start " + start + " is outside [" + min + ", " + max + "]");
            }
            if (!(step > 0)) {
                throw new IllegalArgumentException("step must be positive, was " + step);
            }
            if (Objects.requireNonNull(every, "every").isNegative() || every.isZero()) {
                throw new IllegalArgumentException("every must be positive, was " + every);
            }
        }

        @Override
        public JsonNode initialValue() {
            return RandomWalkSequence.json(start);
        }

        public RandomWalkSequence sequence() {
            return new RandomWalkSequence(this);
        }
    }

    /** Values from a CSV file ({@code time,value}), each at its time after the device connects. */
    record Replay(String file, List<Sample> samples) implements Behaviour {
        public Replay {
            Objects.requireNonNull(file, "file");
            samples = Sample.ordered(samples);
        }

        @Override
        public JsonNode initialValue() {
            return Sample.initial(samples);
        }
    }

    /** Values written in the scenario, each at its time after the device connects. */
    record Scripted(List<Sample> samples) implements Behaviour {
        public Scripted {
            samples = Sample.ordered(samples);
        }

        @Override
        public JsonNode initialValue() {
            return Sample.initial(samples);
        }
    }
}
