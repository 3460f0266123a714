package dev.hearth.hub.rules;

import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each loaded rule's own YAML, cut out of its file when the rules load: the dashboard then
 * shows the text that runs, not an edit that a refused reload left on disk.
 */
public final class RuleTexts {
    private static final Logger LOG = LoggerFactory.getLogger(RuleTexts.class);

    private final Map<String, String> byRule;

    private RuleTexts(Map<String, String> byRule) {
        this.byRule = Map.copyOf(byRule);
    }

    static RuleTexts none() {
        return new RuleTexts(Map.of());
    }

    static RuleTexts of(RuleSet rules) {
        Map<Path, List<String>> files = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        for (Rule rule : rules.rules()) {
            RuleSource source = rule.source();
            List<String> lines = files.computeIfAbsent(source.file(), RuleTexts::readLines);
            if (source.line() <= lines.size()) { // unless the file was cut short since it loaded
                texts.put(rule.id(), block(lines, source.line(), source.column()));
            }
        }
        return new RuleTexts(texts);
    }

    public Optional<String> of(String ruleId) {
        return Optional.ofNullable(byRule.get(ruleId));
    }

    /**
     * The rule that starts at 1-based {@code line}:{@code column} (its first key, or the dash of
     * its list item): that line and the ones below indented at least as deep as the rule's keys,
     * without trailing blank or comment lines, which belong to whatever follows; shifted left so
     * that its first line starts the text.
     */
    static String block(List<String> lines, int line, int column) {
        String first = lines.get(line - 1);
        int shift = indent(first);
        int keysIndent = column - 1;
        if (first.startsWith("-", keysIndent)) {
            keysIndent++;
            while (keysIndent < first.length() && first.charAt(keysIndent) == ' ') {
                keysIndent++;
            }
        }
        int end = line; // exclusive, 0-based
        for (int i = line; i < lines.size(); i++) {
            String text = lines.get(i);
            if (isBlankOrComment(text)) {
                continue;
            }
            if (indent(text) < keysIndent) {
                break;
            }
            end = i + 1;
        }
        StringBuilder text = new StringBuilder();
        lines.subList(line - 1, end).forEach(kept -> text.append(kept.substring(Math.min(shift, indent(kept)))).append('\n'));
        return text.toString();
    }

    private static boolean isBlankOrComment(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    private static int indent(String text) {
        int spaces = 0;
        while (spaces < text.length() && text.charAt(spaces) == ' ') {
            spaces++;
        }
        return spaces;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            LOG.warn("cannot read {} to show its rules' text: {}", file, e.getMessage());
            return List.of();
        }
    }
}
