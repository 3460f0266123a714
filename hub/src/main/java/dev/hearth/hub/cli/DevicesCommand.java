package dev.hearth.hub.cli;

import dev.hearth.hub.devices.Provisioning;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.StoredDevice;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Provisioning from the command line, on the hub's own database; a running hub picks the
 * changes up within a second (a disabled or rotated device is disconnected).
 */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "Provision devices (stored in the hub's database).",
        subcommands = {DevicesCommand.Add.class, DevicesCommand.ListDevices.class, DevicesCommand.Disable.class,
                DevicesCommand.Enable.class, DevicesCommand.Rotate.class, DevicesCommand.Generate.class})
final class DevicesCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = HearthCommand.DEFAULT_CONFIG, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Hub configuration, for its database (default: ${DEFAULT-VALUE}).")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    int withProvisioning(ProvisioningWork work) {
        return HubDatabase.run(config, database -> {
            DeviceRepository repository = new DeviceRepository(database);
            return work.run(new Provisioning(repository, Clock.systemUTC()), repository);
        });
    }

    @FunctionalInterface
    interface ProvisioningWork {
        int run(Provisioning provisioning, DeviceRepository repository) throws IOException;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a device; prints its generated password once.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        DevicesCommand parent;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--type", paramLabel = "TYPE", description = "What the device is, e.g. thermostat.")
        String type;

        @Override
        public Integer call() {
            return parent.withProvisioning((provisioning, repository) -> {
                Provisioning.Issued issued = provisioning.add(id, Optional.ofNullable(type));
                System.out.println("Device " + id + " added. Its password (shown once, keep it safe):");
                System.out.println(issued.password());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the provisioned devices.")
    static final class ListDevices implements Callable<Integer> {
        @ParentCommand
        DevicesCommand parent;

        @Override
        public Integer call() {
            return parent.withProvisioning((provisioning, repository) -> {
                System.out.printf("%-32s %-16s %-9s %s%n", "ID", "TYPE", "ENABLED", "CREATED");
                for (StoredDevice device : repository.list()) {
                    System.out.printf("%-32s %-16s %-9s %s%n", device.id(), device.type().orElse("-"),
                            device.enabled() ? "yes" : "no", device.createdAt());
                }
                return 0;
            });
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the device from now on; a running hub disconnects it within a second.")
    static final class Disable implements Callable<Integer> {
        @ParentCommand
        DevicesCommand parent;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.withProvisioning((provisioning, repository) -> {
                provisioning.setEnabled(id, false);
                System.out.println("Device " + id + " disabled.");
                return 0;
            });
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled device connect again.")
    static final class Enable implements Callable<Integer> {
        @ParentCommand
        DevicesCommand parent;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.withProvisioning((provisioning, repository) -> {
                provisioning.setEnabled(id, true);
                System.out.println("Device " + id + " enabled.");
                return 0;
            });
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give the device a new password (printed once); the old one stops working.")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        DevicesCommand parent;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.withProvisioning((provisioning, repository) -> {
                System.out.println("New password for " + id + " (shown once):");
                System.out.println(provisioning.rotate(id).password());
                return 0;
            });
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Add many devices for load runs and write their ids and passwords to a credentials file"
                    + " that `hearth simulate --load --credentials FILE` reads.")
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        DevicesCommand parent;
        @Option(names = "--count", required = true, paramLabel = "N")
        int count;
        @Option(names = "--prefix", defaultValue = "load-", paramLabel = "PREFIX", description = "Id prefix (default: ${DEFAULT-VALUE}).")
        String prefix;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The credentials file to write (plain passwords: keep it private).")
        Path out;

        @Override
        public Integer call() {
            if (count < 1 || count > 100_000) {
                System.err.println("hearth: --count must be between 1 and 100000");
                return 1;
            }
            return parent.withProvisioning((provisioning, repository) -> {
                try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                    file.write("# Generated by `hearth devices generate`: device ids and their passwords.\ndevices:\n");
                    for (int i = 1; i <= count; i++) {
                        String id = String.format("%s%05d", prefix, i);
                        Provisioning.Issued issued = provisioning.add(id, Optional.of("load"));
                        file.write("  - id: " + id + "\n    password: \"" + issued.password() + "\"\n");
                    }
                }
                System.out.printf("%d devices added; credentials in %s%n", count, out);
                return 0;
            });
        }
    }
}
