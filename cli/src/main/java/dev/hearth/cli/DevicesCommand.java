package dev.hearth.cli;

import dev.hearth.hub.devices.Provisioning;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.StoredDevice;
import dev.hearth.simulator.load.LoadProtocol;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Provisioning from the command line, on the hub's own database; a running hub lets an added
 * device in at once (it looks ids it does not know up) and drops a disabled or rotated one
 * within a second. Devices of the config's {@code devices:} list are refused: only the config
 * file changes them. What is printed on stdout has happened; a refusal is one line on stderr.
 */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "Provision devices (stored in the hub's database).")
final class DevicesCommand extends DatabaseCommandGroup {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a device; prints its generated password once.")
    int add(@Parameters(paramLabel = "ID") String id,
            @Option(names = "--type", paramLabel = "TYPE", description = "What the device is, e.g. thermostat.") String type) {
        return withProvisioning((provisioning, repository) -> {
            String password = provisioning.add(id, Optional.ofNullable(type)).password();
            System.out.println("Device " + id + " added. Its password (shown once, keep it safe):");
            System.out.println(password);
            return 0;
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the provisioned devices.")
    int list() {
        return withProvisioning((provisioning, repository) -> {
            System.out.printf("%-32s %-16s %-9s %s%n", "ID", "TYPE", "ENABLED", "CREATED");
            for (StoredDevice device : repository.list()) {
                System.out.printf("%-32s %-16s %-9s %s%n", device.id(), device.type().orElse("-"),
                        device.enabled() ? "yes" : "no", device.createdAt());
            }
            return 0;
        });
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the device from now on; a running hub disconnects it within a second.")
    int disable(@Parameters(paramLabel = "ID") String id) {
        return setEnabled(id, false);
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled device connect again.")
    int enable(@Parameters(paramLabel = "ID") String id) {
        return setEnabled(id, true);
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give the device a new password (printed once); the old one stops working.")
    int rotate(@Parameters(paramLabel = "ID") String id) {
        return withProvisioning((provisioning, repository) -> {
            String password = provisioning.rotate(id).password();
            System.out.println("New password for " + id + " (shown once):");
            System.out.println(password);
            return 0;
        });
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Add many devices for load runs and write their ids and passwords to a credentials file"
                    + " that `hearth simulate --load --credentials FILE` reads.",
                    "With --protocol tasmota, zigbee2mqtt, shelly or ha-discovery: native logins, which live in the hub's"
                            + " config, not its database: their devices: entries for hearth.yml (with password hashes) go to"
                            + " --hub-config, or to stdout."})
    int generate(@Option(names = "--count", required = true, paramLabel = "N", description = "How many devices.") int count,
                 @Option(names = "--prefix", defaultValue = "load-", paramLabel = "PREFIX",
                         description = "Id prefix (default: ${DEFAULT-VALUE}).") String prefix,
                 @Option(names = "--out", required = true, paramLabel = "FILE",
                         description = "The credentials file to write (plain passwords: keep it private).") Path out,
                 @Option(names = "--protocol", defaultValue = "hearth", paramLabel = "P",
                         description = "hearth (default), tasmota, zigbee2mqtt, shelly or ha-discovery.") String protocol,
                 @Option(names = "--bridges", defaultValue = "1", paramLabel = "N",
                         description = "With --protocol zigbee2mqtt: how many bridges share the devices (default: 1).") int bridges,
                 @Option(names = "--hub-config", paramLabel = "FILE",
                         description = "With a native --protocol: where to write the devices: entries for hearth.yml.") Path hubConfig) {
        if (count < 1 || count > 100_000) {
            System.err.println("hearth: --count must be between 1 and 100000");
            return 1;
        }
        LoadProtocol speaks;
        try {
            speaks = LoadProtocol.fromName(protocol);
        } catch (IllegalArgumentException e) {
            System.err.println("hearth: --protocol: " + e.getMessage());
            return 1;
        }
        if (speaks.isNative()) {
            return generateNative(speaks, prefix, count, bridges, out, hubConfig);
        }
        if (hubConfig != null || bridges != 1) {
            System.err.println("hearth: " + (hubConfig != null ? "--hub-config" : "--bridges") + " goes with a native --protocol;"
                    + " Hearth devices are added to the hub's database");
            return 1;
        }
        return withProvisioning((provisioning, repository) -> {
            try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                file.write("# Generated by `hearth devices generate`: device ids and their passwords.\ndevices:\n");
                for (int i = 1; i <= count; i++) {
                    String id = String.format("%s%05d", prefix, i);
                    file.write("  - id: " + id + "\n    password: \"" + provisioning.add(id, Optional.of("load")).password() + "\"\n");
                }
            }
            System.out.printf("%d devices added; credentials in %s%n", count, out);
            return 0;
        });
    }

    private static int generateNative(LoadProtocol protocol, String prefix, int count, int bridges, Path out, Path hubConfig) {
        if (protocol == LoadProtocol.ZIGBEE2MQTT ? bridges < 1 || bridges > count : bridges != 1) {
            System.err.println("hearth: " + (protocol == LoadProtocol.ZIGBEE2MQTT
                    ? "--bridges must be between 1 and --count" : "--bridges goes with --protocol zigbee2mqtt"));
            return 1;
        }
        NativeLoadLogins logins = NativeLoadLogins.generate(protocol, prefix, count, bridges);
        try {
            try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                logins.writeCredentials(file);
            }
            if (hubConfig == null) {
                Writer stdout = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                logins.writeHubConfig(stdout);
                stdout.flush();
                return 0;
            }
            try (Writer file = Files.newBufferedWriter(hubConfig, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                logins.writeHubConfig(file);
            }
        } catch (FileAlreadyExistsException e) {
            System.err.println("hearth: " + e.getFile() + " exists already; choose another file");
            return 1;
        } catch (IOException e) {
            System.err.println("hearth: " + e);
            return 1;
        }
        System.out.printf("%d %s devices on %d logins; credentials in %s; add the devices: of %s to the hub's config%n",
                logins.devices(), logins.protocol().configName(), logins.logins().size(), out, hubConfig);
        return 0;
    }

    private int setEnabled(String id, boolean enabled) {
        return withProvisioning((provisioning, repository) -> {
            provisioning.setEnabled(id, enabled);
            System.out.println("Device " + id + (enabled ? " enabled." : " disabled."));
            return 0;
        });
    }

    private int withProvisioning(ProvisioningWork work) {
        return HubDatabase.run(config, (hubConfig, database) -> {
            DeviceRepository repository = new DeviceRepository(database);
            return work.run(new Provisioning(repository, hubConfig.configuredDevices(), Clock.systemUTC()), repository);
        });
    }

    @FunctionalInterface
    private interface ProvisioningWork {
        int run(Provisioning provisioning, DeviceRepository repository) throws IOException;
    }
}
