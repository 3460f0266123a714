package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.hub.HubFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's set-up commands through the launcher itself, {@code deploy/hearth}, as a user types them: the hub
 * runs with deploy/hearth.jvm's options (a JVM option this JDK does not know would stop it at start), answers
 * a token made with {@code deploy/hearth tokens create}, stops on SIGTERM, and starts again from the class-data
 * archive its first run wrote.
 */
class LauncherIT {
    private static final Path LAUNCHER = HubFixture.repositoryFile("deploy/hearth");
    private static final Path ARCHIVE = LAUNCHER.getParent().getParent().resolve("cli/target/hearth-hub.jsa");
    private static final Path JAR = ARCHIVE.resolveSibling("hearth.jar");

    @TempDir
    Path folder;

    @Test
    void theReadmeCommandsRunTheHubWithItsJvmOptionsAndItsArchive() throws Exception {
        int httpPort = HearthProcess.freePort();
        Path config = HearthProcess.writeConfig(folder, HearthProcess.freePort(), httpPort, List.of("bed-1"));

        Process hub = hub(config, httpPort, "first");
        try {
            Matcher token = Pattern.compile("hth_\\S+").matcher(launch("tokens", "create", "me", "--role", "admin",
                    "--config", config.toString()));
            assertThat(token.find()).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(HearthProcess.get(httpPort, "/api/devices", token.group()).statusCode()).isEqualTo(200));
            String metrics = HearthProcess.get(httpPort, "/metrics", token.group()).body();
            assertThat(metrics).as("deploy/hearth.jvm's serial collector").contains("jvm_memory_max_bytes{area=\"heap\",id=\"Tenured Gen\"}");
        } finally {
            stop(hub);
        }
        assertThat(hub.exitValue()).as("SIGTERM is a clean stop").isIn(0, 143);
        assertThat(Files.getLastModifiedTime(ARCHIVE)).as("the archive is newer than the jar, so the next start uses it")
                .isGreaterThan(Files.getLastModifiedTime(JAR));

        Process again = hub(config, httpPort, "second");
        stop(again);
        assertThat(Files.readString(folder.resolve("second.log"))).doesNotContain("Error").doesNotContain("WARNING");
    }

    private Process hub(Path config, int httpPort, String name) throws IOException {
        Process hub = launcher(folder.resolve(name + ".log"), "hub", "--config", config.toString()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(hub.isAlive()).as(Files.readString(folder.resolve(name + ".log"))).isTrue();
            try {
                return HearthProcess.get(httpPort, "/health/ready", null).statusCode() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return hub;
    }

    private String launch(String... args) throws Exception {
        Path log = Files.createTempFile(folder, "launch", ".log");
        Process process = launcher(log, args).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The launcher finds java on the PATH: this JVM's, as a user's shell would have it. */
    private static ProcessBuilder launcher(Path log, String... args) {
        ProcessBuilder builder = new ProcessBuilder(concat(LAUNCHER.toString(), args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + environment.getOrDefault("PATH", ""));
        environment.remove("HEARTH_JAVA_OPTS");
        return builder;
    }

    private static void stop(Process hub) throws InterruptedException {
        hub.destroy();
        if (!hub.waitFor(60, TimeUnit.SECONDS)) {
            hub.destroyForcibly();
            throw new AssertionError("the hub did not stop within 60 s of SIGTERM");
        }
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest)).toList();
    }
}
