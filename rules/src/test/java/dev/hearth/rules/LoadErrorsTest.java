package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One defect per file: exactly one error, at the right place, saying what is wrong and what is expected. */
class LoadErrorsTest {
    /** A valid rule to spoil: each case changes one thing. */
    private static final String GOOD = """
            rules:
              - id: r
                when:
                  - state: bed-1.occupant
                    to: awake
                then:
                  - command: coffee-1.brew
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("YAML syntax error", "rules:\n  - id: r\n   when: [\n",
                        "3:4", "YAML syntax error: expected <block end>, but found '<block mapping start>'"),
                bad("unclosed flow map", GOOD.replace("to: awake", "to: { awake"),
                        "6:9", "YAML syntax error: expected ',' or '}', but got : (while parsing a flow mapping at 5:13)"),
                bad("tab indentation", GOOD.replace("    when:", "\twhen:"),
                        "3:1", "tab character in indentation; YAML indents with spaces only"),
                bad("unknown key in a rule", GOOD.replace("    when:", "    tirgger: x\n    when:"),
                        "3:5", "unknown key 'tirgger' in rule 'r'; expected one of: id, description, mode, max, key, dry_run, missed, enabled, when, if, then"),
                bad("unknown key in a trigger", GOOD.replace("to: awake", "too: awake"),
                        "5:9", "unknown key 'too' in trigger 1 of rule 'r'; expected one of: state, from, to, for, from_unknown, above, below"),
                bad("unknown key in an action", GOOD + "        arguments: {}\n",
                        "8:9", "unknown key 'arguments' in action 1 of rule 'r'; expected one of: command, args, timeout"),
                bad("wrong type for when", GOOD.replace("    when:\n      - state: bed-1.occupant\n        to: awake\n", "    when: 5\n"),
                        "3:11", "'when' in rule 'r' must be a list of triggers; got a number"),
                bad("a trigger that is not a map", GOOD.replace("      - state: bed-1.occupant\n        to: awake", "      - bed-1.occupant"),
                        "4:9", "trigger 1 of rule 'r' must be a map with one of state, availability, at, cron, sun, telemetry, started, e.g. { state: bed-1.occupant, to: awake }; got a string"),
                bad("empty when", GOOD.replace("    when:\n      - state: bed-1.occupant\n        to: awake\n", "    when: []\n"),
                        "3:11", "'when' in rule 'r' is empty; expected at least one of its triggers"),
                bad("bad duration", GOOD.replace("to: awake", "to: awake\n        for: 5 minutes"),
                        "6:14", "invalid duration '5 minutes' for 'for' in trigger 1 of rule 'r'; expected e.g. 500ms, 30s, 5m, 1h30m"),
                bad("duration without unit", GOOD.replace("to: awake", "to: awake\n        for: 30"),
                        "6:14", "invalid duration '30'"),
                bad("zero timeout", GOOD + "        timeout: 0s\n",
                        "8:18", "duration '0s' for 'timeout' in action 1 of rule 'r' is zero; expected a positive duration"),
                bad("bad time", GOOD.replace("    then:", "    if:\n      - time: { after: \"25:00\" }\n    then:"),
                        "7:24", "invalid time '25:00' for 'after' in condition 1 of rule 'r'; expected HH:MM or HH:MM:SS"),
                bad("same after and before", GOOD.replace("    then:", "    if:\n      - time: { after: \"07:00\", before: \"07:00\" }\n    then:"),
                        "7:15", "has the same 'after' and 'before' (07:00)"),
                bad("unknown weekday", GOOD.replace("    then:", "    if:\n      - time:\n          weekdays: [mon, mond]\n    then:"),
                        "8:27", "unknown weekday 'mond' for 'weekdays' in condition 1 of rule 'r'; expected one of: mon, tue, wed, thu, fri, sat, sun"),
                bad("reference without attribute", GOOD.replace("state: bed-1.occupant", "state: bed1"),
                        "4:16", "invalid reference 'bed1' for 'state' in trigger 1 of rule 'r' (no '.attribute' part); expected device.attribute, e.g. bed-1.occupant"),
                bad("reference with a bad device id", GOOD.replace("state: bed-1.occupant", "state: bed/1.occupant"),
                        "4:16", "invalid reference 'bed/1.occupant'"),
                bad("command without a name", GOOD.replace("command: coffee-1.brew", "command: coffee-1."),
                        "7:18", "expected device.command, e.g. coffee-1.brew"),
                bad("condition without is", GOOD.replace("    then:", "    if:\n      - state: coffee-1.status\n    then:"),
                        "7:9", "condition 1 of rule 'r' is missing required key 'is'; expected the value(s) the attribute must have"),
                bad("condition of no known kind", GOOD.replace("    then:", "    if:\n      - weather: sunny\n    then:"),
                        "7:9", "condition 1 of rule 'r' has none of: state, time, and, or, not, expr"),
                bad("to is a map", GOOD.replace("to: awake", "to: { value: awake }"),
                        "5:13", "'to' in trigger 1 of rule 'r' must be a value such as awake, 21.5 or true, or a list of them; got a map"),
                bad("args is a list", GOOD + "        args: [1, 2]\n",
                        "8:15", "'args' in action 1 of rule 'r' must be a map of arguments, e.g. { cups: 1 }; got a list"),
                bad("missing then", GOOD.replace("    then:\n      - command: coffee-1.brew\n", ""),
                        "2:5", "rule 'r' is missing required key 'then'; expected a list of actions"),
                bad("missing id", GOOD.replace("  - id: r\n    when:", "  - when:"),
                        "2:5", "rule 1 is missing required key 'id'; expected a unique rule id"),
                bad("invalid id", GOOD.replace("id: r", "id: my rule"),
                        "2:9", "invalid rule id 'my rule' in rule 1; expected 1-64 letters, digits"),
                bad("unknown mode", GOOD.replace("    when:", "    mode: sometimes\n    when:"),
                        "3:11", "unknown mode 'sometimes' in rule 'r'; expected one of: single, restart, queued, parallel"),
                bad("duplicate key", GOOD.replace("to: awake", "to: awake\n        to: asleep"),
                        "6:9", "duplicate key 'to' (first at 5:9); expected each key once per map"),
                bad("empty file", "", "1:1", "file is empty; expected a top-level 'rules:' list"),
                bad("only comments", "# nothing yet\n", "1:1", "file is empty"),
                bad("a list at the top", "- id: r\n", "1:1", "the file holds a list; expected a top-level 'rules:' list"),
                bad("unknown top-level key", "version: 1\nrules: []\n", "1:1", "unknown key 'version' in the file's top level; expected one of: rules"),
                bad("no rules key", "{}\n", "1:1", "the file's top level is missing required key 'rules'; expected a top-level 'rules:' list"),
                bad("rules is a map", "rules:\n  id: r\n", "2:3", "'rules' must be a list of rules; got a map"),
                bad("two documents", GOOD + "---\nrules: []\n", "9:1", "a second YAML document"),
                bad("alias", GOOD.replace("to: awake", "to: *awake"), "5:13", "YAML alias '*awake' is not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void reportsTheProblemWhereItIs(String name, String yaml, String position, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), yaml);

        List<String> errors = RulesLoaderTest.errors(new RulesLoader().load(file));

        assertThat(errors).as(name).hasSize(1);
        assertThat(errors.get(0)).startsWith(file + ":" + position + ": ").contains(message);
    }

    static Stream<String> oddFiles() {
        return Stream.of(
                "[".repeat(5000) + "]".repeat(5000),
                "a:\n" + "  - \n".repeat(3) + "{".repeat(3000),
                "\u0000\u0001\u0002 binary",
                "rules:\n  - &base\n    id: a\n  - <<: *base\n    id: b\n",
                "rules:\n  - id: a\n    when: [{ state: x.y, to: 1e999999 }]\n    then: [{ command: x.z }]\n",
                "rules:\n  - id: a\n    then: [{ command: x.z, args: { n: 123456789012345678901234567890 } }]\n",
                "? [complex, key]\n: value\n",
                "rules: !!binary aGVsbG8=\n",
                "%YAML 9.9\n---\nrules: []\n",
                "rules: [\"unterminated\n");
    }

    @ParameterizedTest
    @MethodSource("oddFiles")
    void neverThrows(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("odd.yaml"), yaml);

        LoadResult result = new RulesLoader().load(file);

        assertThat(result).isNotNull();
        if (result instanceof LoadResult.Failed failed) {
            assertThat(failed.errors()).allSatisfy(error -> assertThat(error.line()).isPositive());
        }
    }

    private static Arguments bad(String name, String yaml, String position, String message) {
        return Arguments.of(name, yaml, position, message);
    }
}
