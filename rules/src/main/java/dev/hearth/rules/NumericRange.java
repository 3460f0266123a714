package dev.hearth.rules;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The open range {@code above} < value < {@code below} that a numeric trigger and a numeric
 * condition share: one reading of the limits, so that the two cannot drift apart.
 */
final class NumericRange {
    private NumericRange() {
    }

    static boolean includes(Optional<BigDecimal> above, Optional<BigDecimal> below, BigDecimal value) {
        return above.map(limit -> value.compareTo(limit) > 0).orElse(true)
                && below.map(limit -> value.compareTo(limit) < 0).orElse(true);
    }

    /** {@code " above 20 below 25"}, as a rule's trace shows the range. */
    static String describe(Optional<BigDecimal> above, Optional<BigDecimal> below) {
        return above.map(limit -> " above " + limit.toPlainString()).orElse("")
                + below.map(limit -> " below " + limit.toPlainString()).orElse("");
    }
}
