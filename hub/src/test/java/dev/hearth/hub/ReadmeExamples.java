package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The README's examples as the Readme*IT tests run them: its sections' fenced blocks, and their shell lines. */
public final class ReadmeExamples {
    private ReadmeExamples() {
    }

    /**
     * The fenced blocks of the README's section with this heading (e.g. {@code ## Home Assistant}), in order, up to
     * the next heading, a sub-section's included.
     */
    public static List<String> blocks(String heading) throws Exception {
        String readme = Files.readString(HubFixture.repositoryFile("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int from = start + heading.length() + 1;
        String section = readme.substring(start, Math.min(indexOr(readme, "\n## ", from), indexOr(readme, "\n### ", from)));
        List<String> blocks = new ArrayList<>();
        for (int at = section.indexOf("```"); at >= 0; at = section.indexOf("```", at)) {
            int body = section.indexOf('\n', at) + 1;
            int end = section.indexOf("```", body);
            blocks.add(section.substring(body, end));
            at = end + 3;
        }
        return blocks;
    }

    private static int indexOr(String text, String what, int from) {
        int at = text.indexOf(what, from);
        return at < 0 ? text.length() : at;
    }

    /** A shell block's commands: its lines but blank ones and comments. */
    public static List<String> commands(String block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    static Process shell(String command) throws Exception {
        return new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    }

    /** Runs a command to its end, which must be a success; its output. */
    static String run(Process process, String command) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + "\n" + output).isZero();
        return output;
    }

    /** The lines a long-running process (a mosquitto_sub) prints, as they come. */
    static List<String> printedBy(Process process) {
        List<String> printed = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    printed.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return printed;
    }
}
