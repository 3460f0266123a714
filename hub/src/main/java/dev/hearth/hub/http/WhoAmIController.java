package dev.hearth.hub.http;

import dev.hearth.hub.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** What the presented token may do, so that a client can hide what it would be refused. */
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
