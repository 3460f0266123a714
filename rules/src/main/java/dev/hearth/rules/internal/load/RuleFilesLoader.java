package dev.hearth.rules.internal.load;

import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.Utf8Text;
import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Files and directories in, one {@link LoadResult} out; behind {@link dev.hearth.rules.RulesLoader}. */
public final class RuleFilesLoader {
    private final RuleFileParser parser = new RuleFileParser();

    public LoadResult load(Path fileOrDirectory) {
        return load(fileOrDirectory, Optional.empty());
    }

    /** With {@code known}, references to devices, attributes and commands it does not know are errors. */
    public LoadResult load(Path fileOrDirectory, Optional<KnownDevices> known) {
        List<LoadError> errors = new ArrayList<>();
        List<ParsedRule> parsed = new ArrayList<>();
        for (Path file : filesOf(fileOrDirectory, errors)) {
            Problems problems = new Problems(file);
            readText(file, problems).ifPresent(text -> parsed.addAll(parser.parse(text, problems)));
            errors.addAll(problems.errors());
        }
        errors.addAll(duplicateIds(parsed));
        if (!errors.isEmpty()) {
            return new LoadResult.Failed(sorted(errors), validOnTheirOwn(parsed, known));
        }
        List<Rule> rules = parsed.stream().map(rule -> rule.rule().orElseThrow()).toList();
        errors.addAll(RuleChecks.ruleReferences(rules));
        known.ifPresent(devices -> errors.addAll(RuleChecks.unknownDevices(rules, devices)));
        if (!errors.isEmpty()) {
            return new LoadResult.Failed(sorted(errors), validOnTheirOwn(parsed, known));
        }
        return new LoadResult.Loaded(new RuleSet(rules), sorted(RuleChecks.cycles(rules)));
    }

    /**
     * The rules that read without error, have an id no other rule has, name only known devices, and
     * enable or disable only rules among them (dropping one may orphan another, hence the loop).
     */
    private static RuleSet validOnTheirOwn(List<ParsedRule> parsed, Optional<KnownDevices> known) {
        Map<String, Long> idCounts = parsed.stream().flatMap(rule -> rule.id().stream())
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        List<Rule> valid = parsed.stream().flatMap(rule -> rule.rule().stream())
                .filter(rule -> idCounts.get(rule.id()) == 1)
                .filter(rule -> known.map(devices -> RuleChecks.unknownDevices(List.of(rule), devices).isEmpty()).orElse(true))
                .toList();
        while (true) {
            Set<String> ids = valid.stream().map(Rule::id).collect(Collectors.toSet());
            List<Rule> kept = valid.stream().filter(rule -> RuleChecks.ruleReferences(rule, ids).isEmpty()).toList();
            if (kept.size() == valid.size()) {
                return new RuleSet(kept);
            }
            valid = kept;
        }
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

    /**
     * Far more than any hand-written rules file; past it the YAML parser would refuse with a less
     * helpful message (its own limit is about 3 million characters).
     */
    static final long MAX_FILE_BYTES = 2 * 1024 * 1024;

    private static Optional<String> readText(Path file, Problems problems) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.add(Position.START, String.format(Locale.ROOT, "the file is too big (%.1f MB); expected at most "
                        + "%d MB of rules per file (split them into several files)", size / 1048576.0, MAX_FILE_BYTES / 1048576));
                return Optional.empty();
            }
            return Optional.of(Utf8Text.decode(Files.readAllBytes(file)));
        } catch (Utf8Text.NotUtf8 e) {
            problems.add(new Position(e.line(), e.column()), "not UTF-8 text; expected a YAML file saved as UTF-8");
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
