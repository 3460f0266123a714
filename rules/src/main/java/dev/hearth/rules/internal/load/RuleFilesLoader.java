package dev.hearth.rules.internal.load;

import dev.hearth.rules.LoadError;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Files and directories in, one {@link LoadResult} out; behind {@link dev.hearth.rules.RulesLoader}. */
public final class RuleFilesLoader {
    private final RuleFileParser parser = new RuleFileParser();

    public LoadResult load(Path fileOrDirectory) {
        List<LoadError> errors = new ArrayList<>();
        List<ParsedRule> parsed = new ArrayList<>();
        for (Path file : filesOf(fileOrDirectory, errors)) {
            Problems problems = new Problems(file);
            readText(file, problems).ifPresent(text -> parsed.addAll(parser.parse(text, problems)));
            errors.addAll(problems.errors());
        }
        errors.addAll(duplicateIds(parsed));
        if (!errors.isEmpty()) {
            return new LoadResult.Failed(sorted(errors));
        }
        List<Rule> rules = parsed.stream().map(rule -> rule.rule().orElseThrow()).toList();
        return new LoadResult.Loaded(new RuleSet(rules));
    }

    /** A directory's *.yaml and *.yml files sorted by name (not its subdirectories); a file as given. */
    private static List<Path> filesOf(Path path, List<LoadError> errors) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            errors.add(new LoadError(path, 0, 0,
                    "no such file or directory; expected a rules file (*.yaml) or a directory of them"));
            return List.of();
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(Files::isRegularFile)
                    .filter(file -> isYaml(file.getFileName().toString()))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        } catch (IOException | RuntimeException e) {
            errors.add(new LoadError(path, 0, 0, "cannot list the directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean isYaml(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
    }

    private static Optional<String> readText(Path file, Problems problems) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            problems.addWithoutPosition("not UTF-8 text; expected a YAML file saved as UTF-8");
        } catch (IOException | RuntimeException e) {
            problems.addWithoutPosition("cannot read the file: " + e);
        }
        return Optional.empty();
    }

    private static List<LoadError> duplicateIds(List<ParsedRule> parsed) {
        Map<String, ParsedRule> first = new HashMap<>();
        List<LoadError> errors = new ArrayList<>();
        for (ParsedRule rule : parsed) {
            if (rule.id().isEmpty()) {
                continue;
            }
            ParsedRule earlier = first.putIfAbsent(rule.id().get(), rule);
            if (earlier != null) {
                errors.add(new LoadError(rule.source().file(), rule.idPosition().line(), rule.idPosition().column(),
                        "duplicate rule id '" + rule.id().get() + "' (first defined at " + earlier.source()
                                + "); expected ids unique across all rule files"));
            }
        }
        return errors;
    }

    /** By file (the order files load in), then position; errors about a whole file (line 0) come first. */
    private static List<LoadError> sorted(List<LoadError> errors) {
        return errors.stream()
                .sorted(Comparator.comparing(LoadError::file)
                        .thenComparingInt(LoadError::line)
                        .thenComparingInt(LoadError::column))
                .toList();
    }
}
