package dev.hearth.rules.internal.load;

import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.rules.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A whole rules file: {@code rules:} at the top, a list of rule maps under it. */
final class RuleFileParser {
    private static final String EXPECTED_TOP = "a top-level 'rules:' list, e.g. rules: [ { id: ..., when: ..., then: ... } ]";

    private final YamlReader yaml = new YamlReader();

    List<ParsedRule> parse(String text, Problems problems) {
        int problemsBefore = problems.count();
        problems.text(text);
        Optional<YamlNode> root = yaml.read(text, problems);
        if (root.isEmpty()) {
            if (problems.count() == problemsBefore) {
                problems.add(Position.START, "file is empty; expected " + EXPECTED_TOP);
            }
            return List.of();
        }
        if (!(root.get() instanceof YamlNode.Map top)) {
            problems.add(root.get().position(), "the file holds " + root.get().kindName() + "; expected " + EXPECTED_TOP);
            return List.of();
        }
        MapReader file = new MapReader(top, "the file's top level", List.of("rules"), problems);
        Optional<YamlNode> rules = file.required("rules", EXPECTED_TOP);
        if (rules.isEmpty()) {
            return List.of();
        }
        if (!(rules.get() instanceof YamlNode.Seq seq)) {
            problems.add(rules.get().position(), "'rules' must be a list of rules; got " + rules.get().kindName()
                    + "; expected e.g. rules: [ { id: ..., when: ..., then: ... } ] (use 'rules: []' for none)");
            return List.of();
        }
        RuleParser parser = new RuleParser(problems);
        List<ParsedRule> parsed = new ArrayList<>();
        for (int index = 0; index < seq.items().size(); index++) {
            YamlNode item = seq.items().get(index);
            if (item instanceof YamlNode.Map map) {
                parsed.add(parser.parse(map, index + 1));
            } else {
                problems.add(item.position(), "rule " + (index + 1) + " must be a map with id, when and then; got "
                        + item.kindName());
            }
        }
        return parsed;
    }
}
