package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other spellings of protected paths, sent byte for byte over a socket (an HTTP client library
 * would tidy some of them up): without a token, each is refused or not found, never answered.
 */
class PathBypassIT extends SharedHub {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/metrics", "/metrics/", "//metrics", "/metrics//", "/metrics;x", "/metrics;/", "/METRICS",
            "/Metrics", "/api/../metrics", "/health/../metrics", "/health/..%2Fmetrics", "/%6detrics", "/%6Detrics",
            "/metrics%2F", "/metrics%00", "/metrics/.", "/./metrics", "/metrics?x=1", "/metrics/?x=1", "/metrics#",
            "/api/devices", "/api/devices/", "//api/devices", "/api//devices", "/api/devices;x", "/API/devices",
            "/api/%64evices", "/api/./devices", "/api/devices/bed-1", "/api/devices/bed-1/", "/api/devices/bed-1/history?attribute=x",
            "/api/rules/", "/api/traces/", "/api/whoami/", "/api/events/", "/health/../api/devices", "/api/../api/devices"})
    void aProtectedPathSpeltAnotherWayNeedsAToken(String path) throws IOException {
        Answer answer = get(path, null);
        assertThat(answer.status()).as("%s without a token -> %s", path, answer.head()).isIn(401, 404);
        assertThat(answer.body()).doesNotContain("hearth_", "jvm_", "bed-1-secret", "\"state\"", "\"rules\"", "\"role\"");
    }

    @Test
    void theOpenPathsStayOpenAndTheProtectedOnesAnswerWithAToken() throws IOException {
        assertThat(get("/health", null).status()).isEqualTo(200);
        assertThat(get("/health/ready", null).status()).isEqualTo(200);
        assertThat(get("/health/live", null).status()).isEqualTo(200);
        Answer metrics = get("/metrics", hub.readToken);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("hearth_");
        assertThat(get("/api/devices", hub.readToken).status()).isEqualTo(200);
    }

    record Answer(int status, String head, String body) {
    }

    private Answer get(String path, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hub.hub.httpPort())) {
            socket.setSoTimeout(15_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? response : response.substring(0, headEnd);
            String statusLine = head.lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ");
            int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            return new Answer(status, statusLine, headEnd < 0 ? "" : response.substring(headEnd + 4));
        }
    }
}
