package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole language's bad cases: one defect per file, exactly one error, at the right place. */
class LanguageErrorsTest {
    /** A rule with a hole for one trigger, one condition and one action. */
    private static String rule(String trigger, String condition, String action) {
        return """
                rules:
                  - id: r
                    when:
                      - %s
                    if:
                      - %s
                    then:
                      - %s
                """.formatted(trigger, condition, action);
    }

    private static final String T = "{ state: bed-1.occupant, to: awake }";
    private static final String C = "{ state: coffee-1.status, is: idle }";
    private static final String A = "{ command: coffee-1.brew }";

    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("bad cron", rule("{ cron: \"61 * * * *\" }", C, A), "4:17", "invalid cron '61 * * * *' in trigger 1 of rule 'r'"),
                bad("cron with 6 fields", rule("{ cron: \"0 0 * * * *\" }", C, A), "4:17", "expected 5 fields"),
                bad("bad at", rule("{ at: \"6:3\" }", C, A), "4:15", "invalid time '6:3' for 'at'"),
                bad("unknown sun event", rule("{ sun: noon }", C, A), "4:16", "unknown sun event 'noon' in trigger 1 of rule 'r'; expected sunrise or sunset"),
                bad("bad sun offset", rule("{ sun: sunset, offset: -half an hour }", C, A), "4:32", "invalid duration '-half an hour' for 'offset'"),
                bad("above not below below", rule("{ state: t-1.temp, above: 30, below: 20 }", C, A), "4:9", "has 'above' 30 not less than 'below' 20"),
                bad("above with to", rule("{ state: t-1.temp, above: 30, to: 31 }", C, A), "4:39", "'to' in trigger 1 of rule 'r' cannot go with 'above'/'below'"),
                bad("above is text", rule("{ state: t-1.temp, above: warm }", C, A), "4:35", "'above' in trigger 1 of rule 'r' must be a number, e.g. 21.5; got a string"),
                bad("bad availability", rule("{ availability: bed-1, to: away }", C, A), "4:36", "invalid availability 'away' for 'to' in trigger 1 of rule 'r'; expected online or offline"),
                bad("bad telemetry pattern", rule("{ telemetry: \"bed/#\" }", C, A), "4:22", "invalid device pattern 'bed/#'"),
                bad("started with settings", rule("{ started: { delay: 1s } }", C, A), "4:20", "'started' in trigger 1 of rule 'r' takes no settings"),
                bad("two trigger kinds", rule("{ at: \"06:00\", cron: \"* * * * *\" }", C, A), "4:24", "trigger 1 of rule 'r' has both 'at' and 'cron'; expected one kind per item"),
                bad("no trigger kind", rule("{ to: awake }", C, A), "4:9", "trigger 1 of rule 'r' has none of: state, availability, at, cron, sun, telemetry, started"),
                bad("from_unknown not a boolean", rule("{ state: bed-1.occupant, from_unknown: yes }", C, A), "4:48", "'from_unknown' in trigger 1 of rule 'r' must be true or false; got a string"),
                bad("whole device with to", rule("{ state: bed-1, to: awake }", C, A), "4:18", "invalid reference 'bed-1' for 'state' in trigger 1 of rule 'r' (no '.attribute' part); expected device.attribute"),
                bad("expression syntax", rule(T, "{ expr: \"state['coffee-1'].water_ml >\" }", A), "6:46", "bad expression in 'expr' of condition 1 of rule 'r': mismatched input '<EOF>'"),
                bad("expression type", rule(T, "{ expr: \"1 + 'a'\" }", A), "6:20", "bad expression in 'expr' of condition 1 of rule 'r': found no matching overload for '_+_'"),
                bad("expression not boolean", rule(T, "{ expr: \"state['coffee-1'].water_ml + 1\" }", A), "6:18", "the expression yields int, not a boolean"),
                bad("expression unknown variable", rule(T, "{ expr: \"states['x'].y == 1\" }", A), "6:18", "undeclared reference to 'states'"),
                bad("empty and", rule(T, "{ and: [] }", A), "6:16", "'and' in condition 1 of rule 'r' is empty"),
                bad("not of a scalar", rule(T, "{ not: hot }", A), "6:16", "'not' in condition 1 of rule 'r' must be a list of conditions; got a string"),
                bad("numeric condition with is", rule(T, "{ state: c.t, above: 1, is: 2 }", A), "6:33", "'is' in condition 1 of rule 'r' cannot go with 'above'/'below'"),
                bad("bad template in args", rule(T, C, "{ command: coffee-1.brew, args: { cups: \"${vars.cups +}\" } }"), "8:63", "bad expression in 'args.cups' of action 1 of rule 'r'"),
                bad("unclosed template", rule(T, C, "{ command: coffee-1.brew, args: { cups: \"${vars.cups\" } }"), "8:49", "bad template in 'args.cups' of action 1 of rule 'r': '${' at offset 0 is not closed by '}'"),
                bad("bad delay", rule(T, C, "{ delay: soon }"), "8:18", "invalid duration 'soon' for 'delay' in action 1 of rule 'r'"),
                bad("zero delay", rule(T, C, "{ delay: 0s }"), "8:18", "duration '0s' for 'delay' in action 1 of rule 'r' is zero"),
                bad("desired without state", rule(T, C, "{ desired: heater-1 }"), "8:9", "action 1 of rule 'r' is missing required key 'state'"),
                bad("wait_for a time", rule(T, C, "{ wait_for: { at: \"06:00\" }, timeout: 1m }"), "8:21", "'wait_for' in action 1 of rule 'r' cannot wait for at 06:00"),
                bad("wait_for with for", rule(T, C, "{ wait_for: { state: a.b, to: 1, for: 1m } }"), "8:21", "expected a state, availability or telemetry trigger without 'for'"),
                bad("continue_on_timeout text", rule(T, C, "{ wait_for: { state: a.b }, continue_on_timeout: sure }"), "8:58", "'continue_on_timeout' in action 1 of rule 'r' must be true or false"),
                bad("choose branch without then", rule(T, C, "{ choose: [ { if: [ " + C + " ] } ] }"), "8:21", "branch 1 of action 1 of rule 'r' is missing required key 'then'"),
                bad("repeat with two kinds", rule(T, C, "{ repeat: { count: 2, while: [ " + C + " ], then: [ " + A + " ] } }"), "8:31", "'repeat' of action 1 of rule 'r' has both 'count' and 'while'"),
                bad("repeat count zero", rule(T, C, "{ repeat: { count: 0, then: [ " + A + " ] } }"), "8:28", "'count' in 'repeat' of action 1 of rule 'r' is 0; expected a whole number from 1 to 1000"),
                bad("unknown notify channel", rule(T, C, "{ notify: sms, message: hi }"), "8:19", "unknown notify channel 'sms' in action 1 of rule 'r'; expected log or webhook"),
                bad("webhook without url", rule(T, C, "{ notify: webhook, message: hi }"), "8:9", "action 1 of rule 'r' is missing required key 'url'"),
                bad("webhook bad url", rule(T, C, "{ notify: webhook, message: hi, url: \"ftp://x\" }"), "8:46", "invalid url 'ftp://x' for 'url' in action 1 of rule 'r'; expected an http(s) URL"),
                bad("disable an unknown rule", rule(T, C, "{ disable: nobody }"), "8:9", "'disable' in rule 'r' names no loaded rule: 'nobody'; expected one of: r"),
                bad("empty variables", rule(T, C, "{ variables: {} }"), "8:22", "'variables' in action 1 of rule 'r' is empty"),
                bad("action of no kind", rule(T, C, "{ wait: 5s }"), "8:9", "action 1 of rule 'r' has none of: command, desired, delay, wait_for, choose"),
                bad("bad max", rule(T, C, A).replace("    when:", "    max: lots\n    when:"), "3:10", "'max' in rule 'r' must be a whole number from 1 to 1000; got a string"),
                bad("bad key expression", rule(T, C, A).replace("    when:", "    key: \"trigger.\"\n    when:"), "3:19", "bad expression in 'key' of rule 'r'"),
                bad("bad missed", rule(T, C, A).replace("    when:", "    missed: sometimes\n    when:"), "3:13", "invalid 'missed' policy 'sometimes' in rule 'r'; expected fire, skip or grace <duration>"),
                bad("dry_run not boolean", rule(T, C, A).replace("    when:", "    dry_run: 1\n    when:"), "3:14", "'dry_run' in rule 'r' must be true or false; got a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void reportsTheProblemWhereItIs(String name, String yaml, String position, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), yaml);

        List<String> errors = RulesLoaderTest.errors(new RulesLoader().load(file));

        assertThat(errors).as(name + ":\n" + yaml).hasSize(1);
        assertThat(errors.get(0)).startsWith(file + ":" + position + ": ").contains(message);
    }

    @Test
    void aTenMegabyteFileIsRefusedWithAPreciseError() throws IOException {
        StringBuilder yaml = new StringBuilder("rules:\n");
        int rules = 0;
        while (yaml.length() < 10 * 1024 * 1024) {
            yaml.append("  - id: rule-").append(rules++).append("\n    when: [ { state: bed-1.occupant, to: awake } ]\n")
                    .append("    then: [ { command: coffee-1.brew, args: { note: \"").append("x".repeat(200)).append("\" } } ]\n");
        }
        Path file = Files.writeString(dir.resolve("big.yaml"), yaml);

        List<String> errors = RulesLoaderTest.errors(new RulesLoader().load(file));

        assertThat(errors).containsExactly(file + ":1:1: the file is too big (10.0 MB); expected at most 2 MB of rules "
                + "per file (split them into several files)");
    }

    @Test
    void unknownDevicesAttributesAndCommandsAreReportedWhenTheCallerKnowsTheDevices() throws IOException {
        Path file = Files.writeString(dir.resolve("refs.yaml"), """
                rules:
                  - id: r
                    when:
                      - { state: bed-1.occupnt, to: awake }
                      - { availability: bed-9 }
                    if:
                      - { state: coffee-1.status, is: idle }
                    then:
                      - { command: coffee-1.bru }
                      - { desired: heater-1, state: { on: true } }
                """);
        KnownDevices known = KnownDevices.of(
                Map.of("bed-1", Set.of("occupant"), "coffee-1", Set.of("status")),
                Map.of("coffee-1", Set.of("brew")));

        List<String> errors = RulesLoaderTest.errors(new RulesLoader().load(file, known));

        assertThat(errors).containsExactly(
                file + ":4:9: unknown attribute 'occupnt' of device 'bed-1' in rule 'r'; expected one of: occupant",
                file + ":5:9: unknown device 'bed-9' in rule 'r'; expected a device the hub knows",
                file + ":9:9: unknown command 'bru' of device 'coffee-1' in rule 'r'; expected one of: brew",
                file + ":10:9: unknown device 'heater-1' in rule 'r'; expected a device the hub knows");
        assertThat(new RulesLoader().load(file)).as("without KnownDevices nothing is checked")
                .isInstanceOf(LoadResult.Loaded.class);
    }

    private static Arguments bad(String name, String yaml, String position, String message) {
        return Arguments.of(name, yaml, position, message);
    }
}
