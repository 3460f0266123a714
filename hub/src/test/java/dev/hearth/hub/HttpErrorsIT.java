package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The errors Micronaut answers itself, not our controllers (no route, wrong method, wrong content
 * type), are problem+json like the rest, as the README says, through real HTTP.
 */
class HttpErrorsIT extends SharedHub {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUnknownRouteIsA404Problem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/no-such-thing")).GET());

        assertProblem(response, 404);
        assertThat(HubFixture.json(response).path("detail").asText()).contains("GET /api/no-such-thing");
    }

    @Test
    void aWrongMethodIsA405ProblemWithTheAllowedOnes() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/whoami")).DELETE());

        assertProblem(response, 405);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(HubFixture.json(response).path("detail").asText()).contains("DELETE is not allowed on /api/whoami");
    }

    @Test
    void aWrongContentTypeIsA415Problem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/devices"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("lamp-9")));

        assertProblem(response, 415);
        assertThat(HubFixture.json(response).path("detail").asText()).contains("text/plain").contains("application/json");
    }

    @Test
    void aBrowserAskingForHtmlGetsTheProblemToo() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/no-such-thing")).header("Accept", "text/html").GET());

        assertProblem(response, 404);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = HubFixture.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.has("_links")).isFalse();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + hub.hub.httpPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + hub.adminToken).build(), HttpResponse.BodyHandlers.ofString());
    }
}
