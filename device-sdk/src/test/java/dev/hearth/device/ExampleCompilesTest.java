package dev.hearth.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples are not part of the build, so that they stay single files; this keeps them compiling. */
class ExampleCompilesTest {
    static Stream<Path> examples() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void compilesAgainstTheSdk(Path source, @TempDir Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "--release", "17", "-Xlint:all", "-Werror",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString(), source.toString());
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    }
}
