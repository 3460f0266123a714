package dev.hearth.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HEARTH_* variables that set hearth.yml's keys: they win over the file, and a bad value names its variable. */
class EnvironmentOverridesTest {
    private static final String DEVICES = """
            devices:
              - id: bed-1
                password-hash: "$2a$10$YoAbZELOvJDAtD/stz40uOB1eRI9c/O8kW9g.1.ywFUV8.GgDivsK"
            """;

    @TempDir
    Path folder;

    @Test
    void everyVariableWinsOverTheFile() throws Exception {
        Path file = write("""
                mqtt: { host: 127.0.0.1, port: 1883, rate-limit: 0 }
                http: { host: 127.0.0.1, port: 8080 }
                data-dir: data
                rules: rules
                storage: { url: "jdbc:sqlite:/tmp/x.db", user: file-user, password: file-password }
                """ + DEVICES);
        HubConfig config = HubConfigLoader.load(file, Map.of(
                "HEARTH_MQTT_HOST", "0.0.0.0", "HEARTH_MQTT_PORT", "1884",
                "HEARTH_HTTP_HOST", "0.0.0.0", "HEARTH_HTTP_PORT", " 8081 ",
                "HEARTH_DATA_DIR", "/var/lib/hearth", "HEARTH_RULES", "/etc/hearth/rules",
                "HEARTH_STORAGE_URL", "jdbc:postgresql://postgres:5432/hearth",
                "HEARTH_STORAGE_USER", "hearth", "HEARTH_STORAGE_PASSWORD", "s3cret: with # and spaces"));
        assertThat(config.mqtt().host()).isEqualTo("0.0.0.0");
        assertThat(config.mqtt().port()).isEqualTo(1884);
        assertThat(config.mqtt().rateLimit()).as("the file's other keys stay").isZero();
        assertThat(config.http()).isEqualTo(new HttpSettings("0.0.0.0", 8081));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/hearth"));
        assertThat(config.rules()).isEqualTo(Path.of("/etc/hearth/rules"));
        assertThat(config.storage().url()).contains("jdbc:postgresql://postgres:5432/hearth");
        assertThat(config.storage().user()).contains("hearth");
        assertThat(config.storage().password()).contains("s3cret: with # and spaces");
    }

    @Test
    void aVariableMakesTheSectionTheFileLeavesOutAndBlankOnesAreUnset() throws Exception {
        HubConfig config = HubConfigLoader.load(write("data-dir: data\n" + DEVICES), Map.of(
                "HEARTH_STORAGE_URL", "jdbc:postgresql://db/hearth", "HEARTH_STORAGE_PASSWORD", "from-env",
                "HEARTH_MQTT_PORT", "", "HEARTH_DATA_DIR", "  "));
        assertThat(config.storage().url()).contains("jdbc:postgresql://db/hearth");
        assertThat(config.storage().password()).contains("from-env");
        assertThat(config.storage().user()).isEqualTo(Optional.empty());
        assertThat(config.mqtt().port()).isEqualTo(MqttSettings.defaults().port());
        assertThat(config.dataDir()).as("relative to the file, as without the variable").isEqualTo(folder.resolve("data"));
    }

    @Test
    void aRelativePathFromTheEnvironmentIsTheWorkingDirectorysNotTheFiles() throws Exception {
        HubConfig config = HubConfigLoader.load(write(DEVICES), Map.of("HEARTH_RULES", "my-rules"));
        assertThat(config.rules()).isEqualTo(Path.of("my-rules").toAbsolutePath().normalize());
    }

    @Test
    void withoutVariablesTheFileIsReadAsBefore() throws Exception {
        HubConfig config = HubConfigLoader.load(write("mqtt: { port: 1999 }\n" + DEVICES), Map.of("HEARTH_OTHER", "x"));
        assertThat(config.mqtt().port()).isEqualTo(1999);
        assertThat(config.storage().url()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HEARTH_MQTT_PORT  | abc                | HEARTH_MQTT_PORT: \"abc\" is not a port (0..65535)",
            "HEARTH_HTTP_PORT  | 70000              | HEARTH_HTTP_PORT: \"70000\" is not a port (0..65535)",
            "HEARTH_MQTT_PORT  | 1883.5             | HEARTH_MQTT_PORT: \"1883.5\" is not a port (0..65535)",
            "HEARTH_MQTT_HOST  | 'my host'          | HEARTH_MQTT_HOST: \"my host\" is not a host name or address",
            "HEARTH_STORAGE_URL| postgres://db/x    | HEARTH_STORAGE_URL: \"postgres://db/x\" is not a jdbc:sqlite: or jdbc:postgresql: url",
            "HEARTH_STORAGE_URL| postgres://db/x?password=p | HEARTH_STORAGE_URL: \"postgres://db/x?...\" is not a jdbc:sqlite: or jdbc:postgresql: url",
    })
    void aBadValueNamesItsVariable(String variable, String value, String message) throws Exception {
        Path file = write(DEVICES);
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of(variable, value)))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aMisspeltVariableOfAKnownFamilyIsRefusedRatherThanIgnored() throws Exception {
        Path file = write(DEVICES);
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_STORAGE_PASWORD", "secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("HEARTH_STORAGE_PASWORD is not a variable the hub reads; HEARTH_STORAGE_* are:"
                        + " HEARTH_STORAGE_URL, HEARTH_STORAGE_USER, HEARTH_STORAGE_PASSWORD");
    }

    @Test
    void aVariableForASectionTheFileWroteAsAValueIsRefused() throws Exception {
        Path file = write("mqtt: 1883\n" + DEVICES);
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_MQTT_PORT", "1884")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("HEARTH_MQTT_PORT sets mqtt.port, but the file's 'mqtt' is not a section of keys");
    }

    @Test
    void aMistakeInTheFileIsStillPlacedAndSaysWhichVariablesWereSet() throws Exception {
        Path file = write("mqtt:\n  port: 1883\n  colour: red\n" + DEVICES);
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_HTTP_PORT", "8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3:3: at 'mqtt.colour': unknown key 'colour'")
                .hasMessageEndingWith("(with HEARTH_HTTP_PORT from the environment)");
    }

    @Test
    void theReadmesTableListsEveryVariable() throws Exception {
        String readme = Files.readString(dev.hearth.hub.HubFixture.repositoryFile("README.md"));
        String table = readme.substring(readme.indexOf("| Variable (wins over hearth.yml) |"));
        for (EnvironmentOverrides.Mapping mapping : EnvironmentOverrides.TABLE) {
            assertThat(table.substring(0, table.indexOf("\n\n"))).contains("`" + mapping.variable() + "`");
        }
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(folder.resolve("hearth.yml"), yaml);
    }
}
