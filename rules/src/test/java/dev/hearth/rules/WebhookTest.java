package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.rules.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code notify: webhook} through the real {@link HttpNotifier} to a real local HTTP server: a
 * webhook that answers an error or cannot be reached fails the run, as a failed command does,
 * with a sentence in the trace; the actions after it do not run.
 */
class WebhookTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] the webhook {0}")
    @CsvSource(delimiter = '|', textBlock = """
            answers 200         | 200  | COMPLETED | HTTP 200
            answers 204         | 204  | COMPLETED | HTTP 204
            answers 500         | 500  | FAILED    | webhook POST {url} answered 500
            answers 404         | 404  | FAILED    | webhook POST {url} answered 404
            refuses connections | 0    | FAILED    | webhook POST {url} failed: connection refused
            """)
    void aWebhookThatFailsFailsTheRun(String name, int status, RunOutcome outcome, String step) throws IOException {
        HttpServer server = null;
        int port;
        if (status == 0) {
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = closed.getLocalPort(); // closed again at once: nothing listens there
            }
        } else {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            port = server.getAddress().getPort();
        }
        String url = "http://127.0.0.1:" + port + "/hook";
        try (EngineHarness hub = new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM),
                builder -> builder.notifier(new HttpNotifier()), true)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then:
                          - notify: webhook
                            url: "%s"
                            message: "${trigger.device} is up"
                          - command: lamp-1.on
                    """.formatted(url));

            hub.report("bed-1", "occupant", "\"awake\"");
            // The answer comes on an HTTP client thread and is handed to the (virtual) scheduler.
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                hub.time.runPending();
                return !hub.runs.isEmpty();
            });

            String expected = step.replace("{url}", url);
            Trace trace = hub.lastTrace("r");
            assertThat(trace.outcome()).as(name).isEqualTo(outcome);
            assertThat(trace.steps()).extracting(TraceStep::toString).contains("action notify webhook " + url + ": " + expected);
            if (outcome == RunOutcome.FAILED) {
                assertThat(trace.detail()).isEqualTo(expected);
                assertThat(hub.commands.requests).as("the actions after a failed webhook").isEmpty();
            } else {
                assertThat(hub.sentCommands()).containsExactly("lamp-1.on");
            }
        } finally {
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
