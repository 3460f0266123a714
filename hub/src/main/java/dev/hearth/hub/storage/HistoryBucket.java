package dev.hearth.hub.storage;

import java.time.Instant;

/** Numeric values of one attribute summarised over [start, start + bucket width). */
public record HistoryBucket(Instant start, double avg, double min, double max, long count) {
}
