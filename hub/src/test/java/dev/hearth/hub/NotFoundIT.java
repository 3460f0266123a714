package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every route that names a device or a rule says the same 404 problem when there is none. */
class NotFoundIT extends SharedHub {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /api/devices/nobody                          | no device 'nobody'
            GET  | /api/devices/nobody/commands                 | no device 'nobody'
            GET  | /api/devices/nobody/history?attribute=temp   | no device 'nobody'
            POST | /api/devices/nobody/commands/brew            | no device 'nobody'
            GET  | /api/rules/nobody                            | no rule 'nobody'
            GET  | /api/rules/nobody/traces                     | no rule 'nobody'
            POST | /api/rules/nobody/enable                     | no rule 'nobody'
            POST | /api/rules/nobody/disable                    | no rule 'nobody'
            POST | /api/rules/nobody/run                        | no rule 'nobody'
            POST | /api/rules/nobody/dry-run                    | no rule 'nobody'
            """)
    void aDeviceOrRuleThatIsNotThereIsA404Problem(String method, String path, String detail) {
        HttpResponse<String> response = hub.send(method, path, method.equals("POST") ? "{}" : null, hub.adminToken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = HubFixture.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("title").asText()).isEqualTo("Not Found");
        assertThat(problem.path("detail").asText()).isEqualTo(detail);
    }
}
