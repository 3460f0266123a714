package dev.hearth.hub.rules;

import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rules folder into the engine. A load is all or nothing: any invalid file leaves
 * the running rules in place, and its errors are logged and kept for the API.
 */
public final class RulesService {
    private static final Logger LOG = LoggerFactory.getLogger(RulesService.class);

    private final Path path;
    private final RulesLoader loader;
    private final KnownDevices knownDevices;
    private final RuleEngine engine;
    private final LastRuns lastRuns = new LastRuns();
    private volatile List<LoadError> lastErrors = List.of();
    private volatile RuleTexts texts = RuleTexts.none();

    public RulesService(Path path, RulesLoader loader, KnownDevices knownDevices, RuleEngine engine) {
        this.path = path;
        this.loader = loader;
        this.knownDevices = knownDevices;
        this.engine = engine;
        engine.addListener(lastRuns);
    }

    public Path path() {
        return path;
    }

    /** Loads {@link #path()}; returns the errors, empty when the new rules now run. */
    public synchronized List<LoadError> reload() {
        if (!Files.exists(path)) {
            LOG.warn("rules path {} does not exist: running no rules", path);
            engine.replace(RuleSet.empty());
            texts = RuleTexts.none();
            lastErrors = List.of();
            return lastErrors;
        }
        LoadResult result = loader.load(path, knownDevices);
        if (result instanceof LoadResult.Loaded loaded) {
            engine.replace(loaded.rules());
            texts = RuleTexts.of(loaded.rules());
            lastErrors = List.of();
            LOG.info("loaded {} rule(s) from {}", loaded.rules().rules().size(), path);
            loaded.warnings().forEach(warning -> LOG.warn("{}", warning));
        } else if (result instanceof LoadResult.Failed failed) {
            lastErrors = List.copyOf(failed.errors());
            lastErrors.forEach(error -> LOG.error("{}", error));
            LOG.warn("rules in {} not loaded ({} error(s)); the {} rule(s) loaded before keep running",
                    path, lastErrors.size(), engine.rules().rules().size());
        }
        return lastErrors;
    }

    public RuleSet rules() {
        return engine.rules();
    }

    /** The YAML of each running rule, as it was when it loaded. */
    public RuleTexts texts() {
        return texts;
    }

    public LastRuns lastRuns() {
        return lastRuns;
    }

    public List<LoadError> lastErrors() {
        return lastErrors;
    }
}
