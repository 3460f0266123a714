package dev.hearth.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * A group of subcommands that work on the hub's database (devices, tokens): they share the
 * {@code --config} that says where it is, and without a subcommand they print their usage.
 */
abstract class DatabaseCommandGroup implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = HearthCommand.DEFAULT_CONFIG, scope = ScopeType.INHERIT,
            description = "Hub configuration, for its database (default: ${DEFAULT-VALUE}).")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
