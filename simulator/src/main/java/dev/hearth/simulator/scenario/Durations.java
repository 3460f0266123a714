package dev.hearth.simulator.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scenario durations: a number and a unit, {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 10m}, {@code 1h}. */
public final class Durations {
    public static final String HINT = "use a number and a unit (ms, s, m, h), like 500ms or 2s";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /** The duration, or empty when {@code text} is not one (or is finer than a millisecond). */
    public static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal millisPerUnit = switch (m.group(2)) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(millisPerUnit);
        try {
            return Optional.of(Duration.ofMillis(millis.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Short and exact: {@code 0s}, {@code 250ms}, {@code 1.5s}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && Math.abs(ms) < 1_000) {
            return ms + "ms";
        }
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
