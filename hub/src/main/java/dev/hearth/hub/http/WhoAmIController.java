package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** What the presented token may do, so that a client can hide what it would be refused. */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api/whoami")
public final class WhoAmIController {

    @Get
    public WhoAmI whoami(HttpRequest<?> request) {
        Role role = request.getAttribute(TokenFilter.ROLE_ATTRIBUTE, Role.class).orElseThrow(); // set by the filter
        return new WhoAmI(role.wire(), role == Role.ADMIN);
    }

    /** {@code canAct}: may send commands and change devices and rules. */
    public record WhoAmI(String role, boolean canAct) {
    }
}
