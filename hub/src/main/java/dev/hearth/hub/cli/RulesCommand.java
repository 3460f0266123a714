package dev.hearth.hub.cli;

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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            description = "Check a rules file or folder; prints every error as file:line:col and exits 1 if there is any.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", description = "A rules YAML file or a folder of them.")
        Path path;

        @Override
        public Integer call() {
            LoadResult result = new RulesLoader().load(path);
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
