package dev.hearth.rules.yaml;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in Hearth's rules, scenarios, options and query parameters:
 * {@code 250ms}, {@code 90s}, {@code 1.5s}, {@code 1h30m}, {@code 2d}. The syntax is described once,
 * in the {@linkplain dev.hearth.rules.yaml package documentation}.
 */
public final class Durations {
    /** For error messages: what a duration looks like. */
    public static final String EXAMPLES = "500ms, 30s, 5m, 1h30m, 1.5s or 2d";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|d|h|m|s)");
    /** Largest first: a part's unit must come later in this list than the one before it. */
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final long[] MILLIS_PER_UNIT = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

    private Durations() {
    }

    /** The duration, or empty if {@code text} is not one (surrounding space included: trim first). */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher part = PART.matcher(text);
        BigDecimal millis = BigDecimal.ZERO;
        int position = 0;
        int lastUnit = -1;
        while (position < text.length()) {
            if (!part.region(position, text.length()).lookingAt()) {
                return Optional.empty();
            }
            int unit = unitIndex(part.group(2));
            if (unit <= lastUnit) {
                return Optional.empty();
            }
            lastUnit = unit;
            millis = millis.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(MILLIS_PER_UNIT[unit])));
            position = part.end();
        }
        try {
            return Optional.of(Duration.ofMillis(millis.longValueExact()));
        } catch (ArithmeticException finerThanAMillisecondOrTooLong) {
            return Optional.empty();
        }
    }

    private static int unitIndex(String unit) {
        for (int index = 0; index < UNITS.length; index++) {
            if (UNITS[index].equals(unit)) {
                return index;
            }
        }
        throw new IllegalArgumentException(unit);
    }

    /** The inverse of {@link #parse}: {@code PT1H30M} is {@code 1h30m}, zero is {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder(duration.isNegative() ? "-" : "");
        Duration rest = duration.abs();
        append(text, rest.toHours(), "h");
        append(text, rest.toMinutesPart(), "m");
        append(text, rest.toSecondsPart(), "s");
        append(text, rest.toMillisPart(), "ms");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
