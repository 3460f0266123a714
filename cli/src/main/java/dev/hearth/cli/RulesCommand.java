package dev.hearth.cli;

import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.HubKnownDevices;
import dev.hearth.hub.security.DeviceRegistry;
import dev.hearth.hub.storage.Database;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.RestoredDevice;
import dev.hearth.hub.storage.StateRepository;
import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import dev.hearth.simulator.scenario.Scenario;
import dev.hearth.simulator.scenario.ScenarioLoadException;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.simulator.scenario.VirtualRun;
import dev.hearth.simulator.scenario.VirtualScenarioRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with rule files.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Test.class})
final class RulesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check a rules file or folder; prints every error as file:line:col and exits 1 if there is any.",
                    "With --config, rules naming a device, attribute or command the hub does not know (its config's"
                            + " devices, those provisioned in its database and the meta they sent) are errors too,"
                            + " as the hub would refuse them; PATH then defaults to the config's rules folder."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "0..1", description = "A rules YAML file or a folder of them.")
        Path path;

        @Option(names = "--config", paramLabel = "FILE",
                description = "The hub's configuration, to check the devices the rules name (default: no device check).")
        Path config;

        @Override
        public Integer call() {
            if (config == null) {
                if (path == null) {
                    System.err.println("hearth: give a rules PATH, or --config FILE to check the hub's rules folder");
                    return 1;
                }
                return report(path, new RulesLoader().load(path));
            }
            return HubDatabase.run(config, (hub, database) -> {
                Path rules = path != null ? path : hub.rules();
                return report(rules, new RulesLoader().load(rules, knownDevices(hub, database)));
            });
        }

        /** What the hub would know: the config's (its bridges' too) and the database's devices, and the meta they last sent. */
        private static KnownDevices knownDevices(HubConfig hub, Database database) {
            DeviceRegistry registry = new DeviceRegistry(hub.devices(), Optional.of(new DeviceRepository(database)));
            DeviceStateStore store = new DeviceStateStore();
            for (RestoredDevice device : new StateRepository(database).restore()) {
                store.restore(device.id(), device.reported(), device.updatedAt(), device.lastSeen(), device.meta());
            }
            // a device on a broker of bridges: is no login of Hearth's, but the config defines it all the same
            return new HubKnownDevices(id -> registry.knows(id) || hub.configuredDevices().defines(id), store);
        }

        private static int report(Path path, LoadResult result) {
            if (result instanceof LoadResult.Failed failed) {
                failed.errors().forEach(System.err::println);
                System.err.printf("%d error(s)%n", failed.errors().size());
                return 1;
            }
            int count = ((LoadResult.Loaded) result).rules().rules().size();
            System.out.printf("%s: %d rule(s), no errors%n", path, count);
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run scenarios against the rules in-process on a virtual clock (no broker, no waiting);"
                    + " exit 1 if an expectation fails.")
    static final class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RULES_PATH", description = "A rules YAML file or a folder of them.")
        Path rules;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SCENARIO", description = "Scenario YAML files.")
        List<Path> scenarios;

        @Override
        public Integer call() {
            LoadResult result = new RulesLoader().load(rules);
            if (result instanceof LoadResult.Failed failed) {
                failed.errors().forEach(System.err::println);
                return 1;
            }
            RuleSet ruleSet = ((LoadResult.Loaded) result).rules();
            boolean allPassed = true;
            for (Path scenarioFile : scenarios) {
                try {
                    Scenario scenario = new ScenarioLoader().load(scenarioFile);
                    VirtualRun run = new VirtualScenarioRunner(ruleSet).play(scenario);
                    System.out.println(run.summary());
                    allPassed &= run.report().passed();
                } catch (ScenarioLoadException e) {
                    System.err.println("hearth: " + e.getMessage());
                    allPassed = false;
                }
            }
            return allPassed ? 0 : 1;
        }
    }
}
