package dev.hearth.hub.rules;

import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rules folder into the engine. Once a complete set has loaded, a reload is all or
 * nothing: any invalid file leaves the running rules in place, and its errors are logged and kept
 * for the API. Until then (a start with a bad file) there is no good set to keep, so every rule
 * that is valid on its own runs, and the refused ones are checked again whenever the devices the
 * hub knows change (one provisioned, or a meta sent), since a rule naming a device not yet known is
 * the usual reason.
 */
public final class RulesService {
    private static final Logger LOG = LoggerFactory.getLogger(RulesService.class);

    private final Path path;
    private final RulesLoader loader;
    private final KnownDevices knownDevices;
    private final RuleEngine engine;
    private final Supplier<Object> knownDevicesVersion;
    private final LastRuns lastRuns = new LastRuns();
    private volatile List<LoadError> lastErrors = List.of();
    private volatile RuleTexts texts = RuleTexts.none();
    private boolean completeSetLoaded;
    private Object versionAtLastLoad;

    /** {@code knownDevicesVersion} changes whenever what {@code knownDevices} answers may have changed. */
    public RulesService(Path path, RulesLoader loader, KnownDevices knownDevices, Supplier<Object> knownDevicesVersion,
                        RuleEngine engine) {
        this.path = path;
        this.loader = loader;
        this.knownDevices = knownDevices;
        this.knownDevicesVersion = knownDevicesVersion;
        this.engine = engine;
        engine.addListener(lastRuns);
    }

    public Path path() {
        return path;
    }

    /** Loads {@link #path()}; returns the errors, empty when the new rules now run. */
    public synchronized List<LoadError> reload() {
        versionAtLastLoad = knownDevicesVersion.get();
        LoadResult result = loader.load(path, knownDevices);
        if (result instanceof LoadResult.Loaded loaded) {
            run(loaded.rules());
            completeSetLoaded = true;
            lastErrors = List.of();
            LOG.info("loaded {} rule(s) from {}", loaded.rules().rules().size(), path);
            loaded.warnings().forEach(warning -> LOG.warn("{}", warning));
        } else if (result instanceof LoadResult.Failed failed) {
            lastErrors = List.copyOf(failed.errors());
            lastErrors.forEach(error -> LOG.error("{}", error));
            if (completeSetLoaded) {
                LOG.warn("rules in {} not loaded ({} error(s)); the {} rule(s) loaded before keep running",
                        path, lastErrors.size(), engine.rules().rules().size());
            } else {
                run(failed.valid());
                LOG.warn("rules in {} have {} error(s); running the {} rule(s) that are valid on their own: {}",
                        path, lastErrors.size(), failed.valid().rules().size(),
                        failed.valid().rules().stream().map(Rule::id).toList());
            }
        }
        return lastErrors;
    }

    /** Loads again if rules are refused and the devices the hub knows changed since the last load. */
    public synchronized void recheckRefused() {
        if (!lastErrors.isEmpty() && !knownDevicesVersion.get().equals(versionAtLastLoad)) {
            LOG.info("the devices the hub knows changed: checking the refused rules again");
            reload();
        }
    }

    private void run(RuleSet rules) {
        engine.replace(rules);
        texts = RuleTexts.of(rules);
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
