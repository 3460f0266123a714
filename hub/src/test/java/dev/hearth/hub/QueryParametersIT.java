package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query parameters out of range are a 400 problem naming the parameter, for any token: never a 500, never past a cap. */
class QueryParametersIT extends SharedHub {
    private static final String HISTORY = "/api/devices/bed-1/history?attribute=fill&";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            HISTORY + "limit=-1|limit",
            HISTORY + "limit=0|limit",
            HISTORY + "limit=10001|limit",
            HISTORY + "limit=99999999999|limit",
            HISTORY + "limit=ten|limit",
            HISTORY + "bucket=999999999999999d|bucket",
            HISTORY + "bucket=99999999999999999999s|bucket",
            HISTORY + "bucket=3654d|bucket",
            HISTORY + "bucket=0s|bucket",
            HISTORY + "bucket=30m1h|bucket",
            HISTORY + "from=-1000000000-01-01T00:00:00Z|from",
            HISTORY + "to=-1000000000-01-01T00:00:00Z|to",
            HISTORY + "to=+1000000000-01-01T00:00:00Z|to",
            HISTORY + "from=-1000000000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=1h|from",
            HISTORY + "from=yesterday|from",
            "/api/traces?from=-1000000000-01-01T00:00:00Z|from",
            "/api/traces?to=-1000000000-01-01T00:00:00Z|to",
            "/api/traces?to=+1000000000-01-01T00:00:00Z|to",
            "/api/traces?limit=-1|limit",
            "/api/traces?limit=ten|limit",
            "/api/traces?device=bed-1&limit=0|limit",
            "/api/rules/morning-coffee/traces?limit=1001|limit"})
    void isABadRequestNamingTheParameter(String path, String parameter) {
        HttpResponse<String> response = hub.send("GET", path, null, hub.readToken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = HubFixture.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).contains("'" + parameter + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            HISTORY + "limit=1",
            HISTORY + "limit=10000",
            HISTORY + "bucket=3653d",
            HISTORY + "bucket=1h30m",
            HISTORY + "bucket=1.5s",
            HISTORY + "from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z",
            HISTORY + "from=0000-01-01T00:00:00Z&bucket=1d",
            "/api/traces?from=0000-01-01T00:00:00Z&limit=1000",
            "/api/rules/morning-coffee/traces?limit=1"})
    void theEdgesOfTheRangesAreFine(String path) {
        HttpResponse<String> response = hub.send("GET", path, null, hub.readToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
