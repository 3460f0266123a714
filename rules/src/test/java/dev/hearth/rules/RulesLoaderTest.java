package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesLoaderTest {
    private final RulesLoader loader = new RulesLoader();

    @TempDir
    Path dir;

    @Test
    void loadsTypedRulesWithTheirSource() throws URISyntaxException {
        Path file = resource("rules/home/10-morning.yaml");

        RuleSet rules = loaded(loader.load(file));

        assertThat(rules.rules()).hasSize(1);
        Rule rule = rules.rules().get(0);
        assertThat(rule.id()).isEqualTo("morning-coffee");
        assertThat(rule.description()).contains("Start the coffee machine when the sleeper wakes up");
        assertThat(rule.mode()).isEqualTo(RuleMode.SINGLE);
        assertThat(rule.source()).isEqualTo(new RuleSource(file, 3, 5));

        assertThat(rule.triggers()).containsExactly(new Trigger.State(new AttributeRef("bed-1", "occupant"),
                Optional.of(ValueMatch.of(TextNode.valueOf("asleep"))), Optional.of(ValueMatch.of(TextNode.valueOf("awake"))),
                Optional.of(Duration.ofSeconds(2)), new RuleSource(file, 7, 9)));

        assertThat(rule.conditions()).containsExactly(
                new Condition.State(new AttributeRef("coffee-1", "status"),
                        ValueMatch.of(TextNode.valueOf("idle"), TextNode.valueOf("ready")), new RuleSource(file, 12, 9)),
                new Condition.Time(Optional.of(LocalTime.of(5, 30)), Optional.of(LocalTime.of(10, 0)),
                        Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                                DayOfWeek.FRIDAY), new RuleSource(file, 14, 9)));

        assertThat(rule.actions()).hasSize(2);
        Action.Command brew = (Action.Command) rule.actions().get(0);
        assertThat(brew.deviceId()).isEqualTo("coffee-1");
        assertThat(brew.command()).isEqualTo("brew");
        assertThat(brew.args().get("cups")).isEqualTo(IntNode.valueOf(1));
        assertThat(brew.args().get("strength")).isEqualTo(TextNode.valueOf("strong"));
        assertThat(brew.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(brew.source()).isEqualTo(new RuleSource(file, 16, 9));
        Action.Command light = (Action.Command) rule.actions().get(1);
        assertThat(light.deviceId()).isEqualTo("kitchen.light-1");
        assertThat(light.command()).isEqualTo("on");
        assertThat(light.args().isEmpty()).isTrue();
        assertThat(light.timeout()).isEqualTo(Action.Command.DEFAULT_TIMEOUT);
    }

    @Test
    void loadsEveryYamlFileOfADirectoryInNameOrder() throws URISyntaxException {
        Path home = resource("rules/home");

        RuleSet rules = loaded(loader.load(home));

        assertThat(rules.rules()).extracting(Rule::id).containsExactly("morning-coffee", "hall-light-off");
        Rule evening = rules.rules().get(1);
        assertThat(evening.source()).isEqualTo(new RuleSource(home.resolve("20-evening.yml"), 2, 5));
        assertThat(evening.mode()).isEqualTo(RuleMode.RESTART);
        Trigger.State trigger = (Trigger.State) evening.triggers().get(0);
        assertThat(trigger.to()).contains(ValueMatch.of(BooleanNode.FALSE));
        assertThat(trigger.holdFor()).contains(Duration.ofMinutes(90));
    }

    @Test
    void anEmptyDirectoryHasNoRules() {
        assertThat(loaded(loader.load(dir)).rules()).isEmpty();
    }

    @Test
    void anEmptyRulesListIsFine() throws IOException {
        assertThat(loaded(loader.load(write("none.yaml", "rules: []\n"))).rules()).isEmpty();
    }

    @Test
    void aDuplicateIdAcrossFilesNamesBothPlaces() throws IOException {
        Path first = write("a.yaml", rule("same"));
        Path second = write("b.yaml", "# the second file\n" + rule("same"));

        List<String> errors = errors(loader.load(dir));

        assertThat(errors).containsExactly(second + ":3:9: duplicate rule id 'same' (first defined at " + first
                + ":2:5); expected ids unique across all rule files");
    }

    @Test
    void aDuplicateIdInOneFileIsAnError() throws IOException {
        Path file = write("a.yaml", rule("twice") + rule("twice").replace("rules:\n", ""));

        assertThat(errors(loader.load(file)))
                .containsExactly(file + ":7:9: duplicate rule id 'twice' (first defined at " + file
                        + ":2:5); expected ids unique across all rule files");
    }

    @Test
    void reportsEveryErrorOfEveryFileInOrder() throws IOException {
        write("a.yaml", """
                rules:
                  - id: one
                    mode: sometimes
                    when:
                      - state: bed/1
                    then:
                      - command: coffee-1.brew
                        timeout: soon
                """);
        write("b.yaml", "");

        List<String> errors = errors(loader.load(dir));

        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith(dir.resolve("a.yaml") + ":3:11: unknown mode 'sometimes'");
        assertThat(errors.get(1)).startsWith(dir.resolve("a.yaml") + ":5:16: invalid device id 'bed/1'");
        assertThat(errors.get(2)).startsWith(dir.resolve("a.yaml") + ":8:18: invalid duration 'soon'");
        assertThat(errors.get(3)).startsWith(dir.resolve("b.yaml") + ":1:1: file is empty");
    }

    @Test
    void aFailedLoadNamesTheRulesThatAreValidOnTheirOwn() throws IOException {
        write("a.yaml", rule("good") + rule("twin").substring("rules:\n".length()));
        write("b.yaml", rule("twin") + """
                  - id: broken
                    mode: sometimes
                    when:
                      - state: bed-1.occupant
                    then:
                      - command: coffee-1.brew
                  - id: disables-broken
                    when:
                      - state: bed-1.occupant
                    then:
                      - disable: broken
                  - id: names-a-stranger
                    when:
                      - state: toaster-9.heat
                    then:
                      - command: coffee-1.brew
                """);
        KnownDevices known = KnownDevices.of(Map.of("bed-1", Set.of("occupant")), Map.of("coffee-1", Set.of("brew")));

        LoadResult result = loader.load(dir, known);

        assertThat(errors(result)).anyMatch(error -> error.contains("unknown mode 'sometimes'"))
                .anyMatch(error -> error.contains("duplicate rule id 'twin'"));
        assertThat(((LoadResult.Failed) result).valid().rules()).extracting(Rule::id).containsExactly("good");
    }

    @Test
    void aFileThatIsNotUtf8IsAnErrorAtItsFirstBadByte() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "rules:\n  - id: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(errors(loader.load(file))).containsExactly(
                file + ":2:12: not UTF-8 text; expected a YAML file saved as UTF-8");
    }

    @Test
    void aMissingPathIsAnErrorWithoutPosition() {
        Path missing = dir.resolve("nowhere");

        assertThat(errors(loader.load(missing))).containsExactly(
                missing + ": no such file or directory; expected a rules file (*.yaml) or a directory of them");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    static String rule(String id) {
        return """
                rules:
                  - id: %s
                    when:
                      - state: bed-1.occupant
                    then:
                      - command: coffee-1.brew
                """.formatted(id);
    }

    static RuleSet loaded(LoadResult result) {
        assertThat(result).as("load result").isInstanceOf(LoadResult.Loaded.class);
        return ((LoadResult.Loaded) result).rules();
    }

    static List<String> errors(LoadResult result) {
        assertThat(result).as("load result").isInstanceOf(LoadResult.Failed.class);
        return ((LoadResult.Failed) result).errors().stream().map(LoadError::toString).toList();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RulesLoaderTest.class.getClassLoader().getResource(name).toURI());
    }
}
