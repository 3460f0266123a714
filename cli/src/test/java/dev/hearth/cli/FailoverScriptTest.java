package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/cluster/failover}, the README's way to run the failover proof, refuses a number of runs it cannot use
 * before it starts Maven (FailoverIT itself is what it runs; this checks the script is there and reads its argument).
 */
class FailoverScriptTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("deploy/cluster/failover");

    @Test
    void aNumberOfRunsThatIsNotAPositiveNumberIsRefusedSayingWhy() throws Exception {
        for (String runs : new String[] {"abc", "0", "-3", "2.5"}) {
            Process script = new ProcessBuilder(SCRIPT.toString(), runs).redirectErrorStream(true).start();
            assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("the number of runs must be a whole number from 1 to 9999, got '" + runs + "'")
                    .doesNotContain("Maven's output");
        }
    }
}
