package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample with every feature, spoiled at random (a line dropped, a character changed, a value
 * swapped for another type): the loader must never throw, and every error must have a place.
 */
class LoaderRobustnessTest {
    private static final String[] REPLACEMENTS = {"", "[]", "{}", "1", "-1", "true", "\"${\"", "\"${x +}\"", "x.y", "0s", "~"};

    @TempDir
    Path dir;

    static Stream<Integer> seeds() {
        return IntStream.range(0, 300).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void neverThrowsAndAlwaysSaysWhere(int seed) throws IOException {
        String sample = Files.readString(Path.of("src/test/resources/rules/samples/everything.yaml"));
        String spoiled = spoil(sample, new Random(seed));
        Path file = Files.writeString(dir.resolve("spoiled.yaml"), spoiled);

        LoadResult result = new RulesLoader().load(file);

        assertThat(result).isNotNull();
        if (result instanceof LoadResult.Failed failed) {
            assertThat(failed.errors()).as(spoiled).allSatisfy(error -> {
                assertThat(error.line()).isPositive();
                assertThat(error.message()).doesNotContain("Exception").doesNotContain("cannot read rule");
            });
        }
    }

    private static String spoil(String text, Random random) {
        String[] lines = text.split("\n", -1);
        int line = 3 + random.nextInt(lines.length - 4);
        switch (random.nextInt(3)) {
            case 0 -> lines[line] = "";
            case 1 -> {
                String current = lines[line];
                if (!current.isEmpty()) {
                    int at = random.nextInt(current.length());
                    lines[line] = current.substring(0, at) + "#:{-[\"".charAt(random.nextInt(6)) + current.substring(at + 1);
                }
            }
            default -> {
                int colon = lines[line].indexOf(": ");
                if (colon > 0) {
                    lines[line] = lines[line].substring(0, colon + 2) + REPLACEMENTS[random.nextInt(REPLACEMENTS.length)];
                }
            }
        }
        return String.join("\n", lines);
    }
}
