package dev.hearth.hub.cli;

import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RulesLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with rule files.",
        subcommands = RulesCommand.Check.class)
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
}
