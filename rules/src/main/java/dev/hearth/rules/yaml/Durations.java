package dev.hearth.rules.yaml;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as rules write them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h30m}, {@code 1h2m3s500ms}. */
public final class Durations {
    private static final Pattern SHAPE =
            Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

    private Durations() {
    }

    /** The duration, or empty if the text is not of that shape (units in order h, m, s, ms, each once). */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Duration duration = Duration.ofHours(part(matcher, 1))
                .plusMinutes(part(matcher, 2))
                .plusSeconds(part(matcher, 3))
                .plusMillis(part(matcher, 4));
        return Optional.of(duration);
    }

    private static long part(Matcher matcher, int group) {
        String digits = matcher.group(group);
        return digits == null ? 0 : Long.parseLong(digits);
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
