package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth hub` as a user runs it: a taken port or a bad config is one line and exit code 1, never a hung process. */
class StartupFailureIT {
    @TempDir
    Path folder;

    @Test
    void mqttPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = config("mqtt: { port: " + taken.getLocalPort() + " }\nhttp: { port: 0 }\n");
            assertFailsWithOneLine(HearthProcess.run("hub", "--config", config.toString()),
                    "hearth: MQTT port 127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void httpPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = config("mqtt: { port: 0 }\nhttp: { port: " + taken.getLocalPort() + " }\n");
            assertFailsWithOneLine(HearthProcess.run("hub", "--config", config.toString()),
                    "hearth: HTTP port 127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void malformedConfigNamesFileLineAndKey() throws Exception {
        Path config = config("mqtt:\n  port: 0\n  prot: 1884\n");
        assertFailsWithOneLine(HearthProcess.run("hub", "--config", config.toString()),
                "hearth: " + config + ":3:3: at 'mqtt.prot': unknown key 'prot'");
    }

    @Test
    void anUnreachableDatabaseIsOneLine() throws Exception {
        Path config = config("mqtt: { port: 0 }\nhttp: { port: 0 }\nstorage: { url: \"jdbc:postgresql://127.0.0.1:1/hearth\" }\n");
        assertFailsWithOneLine(HearthProcess.run("hub", "--config", config.toString()),
                "hearth: cannot open the database jdbc:postgresql://127.0.0.1:1/hearth");
    }

    @Test
    void aMachineWithoutAnSqliteLibraryInTheJarIsOneLine() throws Exception {
        Path config = config("mqtt: { port: 0 }\nhttp: { port: 0 }\n");
        // what sqlite-jdbc looks for on such a machine, e.g. Linux/sparc
        HearthProcess.Result result = HearthProcess.run(Map.of("JAVA_TOOL_OPTIONS", "-Dorg.sqlite.osinfo.architecture=sparc"),
                "hub", "--config", config.toString());
        assertFailsWithOneLine(result, "hearth: cannot use SQLite on this machine (");
        assertThat(result.errorLines().get(0)).contains("/sparc): hearth.jar carries sqlite-jdbc's native library only for")
                .endsWith("or set storage.url to a PostgreSQL database (jdbc:postgresql://...)");
        assertThat(folder.resolve("data")).doesNotExist();
    }

    private Path config(String yaml) throws IOException {
        Path config = folder.resolve("hearth.yml");
        Files.writeString(config, yaml + "data-dir: data\nrules: rules\n");
        return config;
    }

    private static void assertFailsWithOneLine(HearthProcess.Result result, String expectedStart) {
        assertThat(result.exited()).as("the hub exits by itself; stderr:%n%s", result.stderr()).isTrue();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errorLines()).hasSize(1);
        assertThat(result.errorLines().get(0)).startsWith(expectedStart);
    }
}
