package dev.hearth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command-line entry point, started by deploy/hearth. */
@Command(name = "hearth",
        mixinStandardHelpOptions = true,
        versionProvider = HearthCommand.Version.class,
        description = "Hearth: IoT device hub and automation rules engine.",
        subcommands = {HubCommand.class, DevicesCommand.class, TokensCommand.class, SimulateCommand.class, RulesCommand.class,
                HashPasswordCommand.class, WorkerCommand.class})
public final class HearthCommand implements Runnable {
    /** Where deploy/hearth lives; relative defaults are resolved against it. */
    static final String DEFAULT_CONFIG = "${env:HEARTH_HOME:-.}/deploy/hearth.yml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new HearthCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HearthCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hearth " + (version == null ? "dev" : version)};
        }
    }
}
