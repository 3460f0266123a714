package dev.hearth.simulator.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A value an attribute takes {@code at} this long after the device connects. */
public record Sample(Duration at, JsonNode value) {
    public Sample {
        if (Objects.requireNonNull(at, "at").isNegative()) {
            throw new IllegalArgumentException("a sample cannot come before the start: " + at);
        }
        value = Objects.requireNonNull(value, "value").deepCopy();
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    static List<Sample> ordered(List<Sample> samples) {
        List<Sample> copy = List.copyOf(samples);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one sample is needed");
        }
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).at().compareTo(copy.get(i - 1).at()) < 0) {
                throw new IllegalArgumentException("samples go in time order: " + copy.get(i).at() + " comes after " + copy.get(i - 1).at());
            }
        }
        return copy;
    }

    /** The value at 0s, or null (no value yet) when the first sample comes later. */
    static JsonNode initial(List<Sample> samples) {
        Sample first = samples.get(0);
        return first.at().isZero() ? first.value() : NullNode.getInstance();
    }
}
