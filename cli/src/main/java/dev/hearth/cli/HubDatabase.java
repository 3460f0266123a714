package dev.hearth.cli;

import dev.hearth.hub.config.ConfigException;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.config.HubConfigLoader;
import dev.hearth.hub.devices.Provisioning;
import dev.hearth.hub.storage.Database;
import dev.hearth.hub.storage.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * The hub's own database, opened from its config by a command that runs beside (or without)
 * the hub; whatever goes wrong becomes one line on stderr and exit code 1.
 */
final class HubDatabase {
    private HubDatabase() {
    }

    @FunctionalInterface
    interface Work {
        int run(Database database) throws IOException;
    }

    /** Work that also needs the config itself, e.g. its {@code devices:} list. */
    @FunctionalInterface
    interface ConfiguredWork {
        int run(HubConfig config, Database database) throws IOException;
    }

    static int run(Path config, Work work) {
        return run(config, (hubConfig, database) -> work.run(database));
    }

    static int run(Path config, ConfiguredWork work) {
        try {
            HubConfig hubConfig = HubConfigLoader.load(config);
            try (Database database = Database.open(hubConfig.storageUrl(), hubConfig.storage().user().orElse(null),
                    hubConfig.storage().password().orElse(null), 1)) {
                return work.run(hubConfig, database);
            }
        } catch (ConfigException | StorageException | Provisioning.ProvisioningException | IllegalArgumentException e) {
            System.err.println("hearth: " + e.getMessage());
        } catch (FileAlreadyExistsException e) {
            System.err.println("hearth: " + e.getFile() + " exists already; choose another file");
        } catch (IOException e) {
            System.err.println("hearth: " + e);
        }
        return 1;
    }
}
