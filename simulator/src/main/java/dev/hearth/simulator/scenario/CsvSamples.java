package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.behaviour.Sample;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A replay file: one {@code time,value} per line, an optional {@code time,value} header, {@code #}
 * comments. The time is a duration after the device connects ({@code 90s}, {@code 1.5m}) or plain
 * seconds ({@code 90}); the value a number, {@code true}/{@code false}, or text (quotes optional).
 */
final class CsvSamples {
    private CsvSamples() {
    }

    static List<Sample> parse(String source, String text) throws ScenarioLoadException {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        Duration previous = Duration.ZERO;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#") || (samples.isEmpty() && line.replace(" ", "").equalsIgnoreCase("time,value"))) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new ScenarioLoadException(source, lineNo, 1, "expected time,value, got '" + line + "'");
            }
            String timeText = line.substring(0, comma).strip();
            Duration at = time(timeText).orElseThrow(() -> new ScenarioLoadException(source, lineNo, 1,
                    "bad time '" + timeText + "': expected a duration such as " + Durations.EXAMPLES + ", or plain seconds"));
            if (at.compareTo(previous) < 0) {
                throw new ScenarioLoadException(source, lineNo, 1, "times go in order: " + Durations.format(at) + " comes after "
                        + Durations.format(previous));
            }
            previous = at;
            String valueText = line.substring(comma + 1).strip();
            if (valueText.isEmpty()) {
                throw new ScenarioLoadException(source, lineNo, comma + 2, "missing value after the comma");
            }
            samples.add(new Sample(at, value(valueText)));
        }
        if (samples.isEmpty()) {
            throw new ScenarioLoadException(source, 1, 1, "a replay file needs at least one time,value line");
        }
        return samples;
    }

    private static Optional<Duration> time(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            return seconds.signum() < 0 ? Optional.empty() : Durations.parse(seconds.toPlainString() + "s");
        } catch (NumberFormatException notPlain) {
            return Durations.parse(text);
        }
    }

    private static JsonNode value(String text) {
        if (text.equals("true") || text.equals("false")) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
        }
        try {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(text));
        } catch (NumberFormatException notNumber) {
            String unquoted = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
            return JsonNodeFactory.instance.textNode(unquoted);
        }
    }
}
