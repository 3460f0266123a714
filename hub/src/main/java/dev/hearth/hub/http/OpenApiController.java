package dev.hearth.hub.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI document, generated from the controllers at compile time, served as is. Open to all.
 * The token requirement is on each controller that wants one ({@code /api}, {@code /metrics}), not
 * document-wide: {@code /health} and this document are open, and an operation cannot opt out of a
 * document-wide requirement here (an empty {@code @SecurityRequirements} is not written out).
 */
@OpenAPIDefinition(
        info = @Info(title = "hearth", version = "1", description = "Hearth hub HTTP API"))
@SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer")
@Controller("/openapi.yml")
public final class OpenApiController {
    static final String DOCUMENT = "META-INF/swagger/hearth-1.yml";

    @Get(produces = "application/yaml")
    public HttpResponse<String> document() throws IOException {
        try (InputStream yaml = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (yaml == null) {
                return HttpResponse.status(HttpStatus.NOT_FOUND);
            }
            return HttpResponse.ok(new String(yaml.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
