package dev.hearth.rules;

import dev.hearth.rules.yaml.Durations;

/**
 * A test's events in one line, steps separated by {@code ;}: {@code dev.attr=json} (a report),
 * {@code +30s} (time passes), {@code online dev} / {@code offline dev}, {@code tele dev {json}}.
 */
final class Script {
    private Script() {
    }

    static void run(EngineHarness hub, String script) {
        if (script == null || script.isBlank()) {
            return;
        }
        for (String raw : script.split(";")) {
            String step = raw.trim();
            if (step.startsWith("+")) {
                hub.time.advance(Durations.parse(step.substring(1)).orElseThrow(() -> new IllegalArgumentException(step)));
            } else if (step.startsWith("online ") || step.startsWith("offline ")) {
                hub.availability(step.substring(step.indexOf(' ') + 1).trim(), step.startsWith("online "));
            } else if (step.startsWith("tele ")) {
                String rest = step.substring(5).trim();
                int space = rest.indexOf(' ');
                hub.telemetry(rest.substring(0, space), rest.substring(space + 1));
            } else {
                int equals = step.indexOf('=');
                String target = step.substring(0, equals).trim();
                int dot = target.lastIndexOf('.');
                hub.report(target.substring(0, dot), target.substring(dot + 1), step.substring(equals + 1).trim());
            }
        }
    }
}
