package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document as the hub serves it: the statuses each operation really answers, body schemas, who needs a token. */
class OpenApiIT extends SharedHub {
    private JsonNode document;

    @BeforeAll
    void readTheDocument() throws Exception {
        HttpResponse<String> response = hub.send("GET", "/openapi.yml", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        document = new ObjectMapper(new YAMLFactory()).readTree(response.body());
    }

    @Test
    void operationsListTheStatusesTheyAnswer() {
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("post /api/devices", List.of("201", "400", "401", "403", "409")),
                Map.entry("get /api/devices/{id}", List.of("200", "401", "404")),
                Map.entry("get /api/devices/{id}/history", List.of("200", "400", "401", "404")),
                Map.entry("post /api/devices/{id}/commands/{name}", List.of("200", "400", "401", "403", "404", "504")),
                Map.entry("post /api/devices/{id}/disable", List.of("200", "401", "403", "404")),
                Map.entry("post /api/rules/{id}/run", List.of("202", "401", "403", "404", "409")),
                Map.entry("post /api/rules/{id}/dry-run", List.of("202", "401", "403", "404", "409")),
                Map.entry("post /api/rules/{id}/enable", List.of("200", "401", "403", "404", "409")),
                Map.entry("get /api/rules/{id}/traces", List.of("200", "400", "401", "404")),
                Map.entry("get /api/traces", List.of("200", "400", "401")),
                Map.entry("get /health/ready", List.of("200", "503")));
        expected.forEach((operation, statuses) -> {
            String[] parts = operation.split(" ");
            JsonNode responses = document.path("paths").path(parts[1]).path(parts[0]).path("responses");
            List<String> listed = new ArrayList<>();
            responses.fieldNames().forEachRemaining(listed::add);
            assertThat(listed).as(operation).containsExactlyInAnyOrderElementsOf(statuses);
        });
    }

    @Test
    void bodiesHaveSchemasAndErrorsAreProblems() {
        JsonNode create = document.path("paths").path("/api/devices").path("post");
        assertThat(schema(create.path("requestBody").path("content").path("application/json").path("schema")).path("properties").has("id")).isTrue();
        JsonNode created = schema(create.path("responses").path("201").path("content").path("application/json").path("schema"));
        assertThat(created.path("properties").has("password")).isTrue();
        JsonNode conflict = create.path("responses").path("409").path("content").path("application/problem+json").path("schema");
        assertThat(schema(conflict).path("properties").has("detail")).isTrue();

        JsonNode command = document.path("paths").path("/api/devices/{id}/commands/{name}").path("post");
        assertThat(schema(command.path("requestBody").path("content").path("application/json").path("schema")).path("type").asText())
                .isEqualTo("object");
        assertThat(schema(command.path("responses").path("200").path("content").path("application/json").path("schema"))
                .path("properties").has("ok")).isTrue();

        JsonNode run = document.path("paths").path("/api/rules/{id}/run").path("post").path("responses").path("202");
        assertThat(schema(run.path("content").path("application/json").path("schema")).path("properties").has("traces")).isTrue();
        JsonNode device = document.path("paths").path("/api/devices/{id}").path("get").path("responses").path("200");
        assertThat(schema(device.path("content").path("application/json").path("schema")).path("properties").has("state")).isTrue();
    }

    @Test
    void theApiWantsATokenAndHealthDoesNot() {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String name = operation.getKey() + " " + path.getKey();
            boolean open = path.getKey().startsWith("/health") || path.getKey().equals("/openapi.yml");
            JsonNode security = operation.getValue().path("security");
            if (open) {
                assertThat(security.isMissingNode() || security.isEmpty()).as(name + " is open").isTrue();
            } else {
                assertThat(security.findValues("token")).as(name + " wants the token").isNotEmpty();
                assertThat(operation.getValue().path("responses").has("401")).as(name + " may answer 401").isTrue();
            }
        }));
        assertThat(document.path("security").isMissingNode()).as("no document-wide requirement").isTrue();
        assertThat(document.path("components").path("securitySchemes").path("token").path("scheme").asText()).isEqualTo("bearer");
    }

    /** The schema itself, following a {@code $ref} into components. */
    private JsonNode schema(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.isEmpty()) {
            return schema;
        }
        return document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
