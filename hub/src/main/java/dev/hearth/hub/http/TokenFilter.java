package dev.hearth.hub.http;

import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;
import java.util.Set;

/**
 * Every request needs a bearer token unless its path is one of the few public ones
 * ({@link PublicPaths}: {@code /health} for probes, the dashboard's files, {@code /openapi.yml}):
 * a read-only token may read, an admin token may also act. The filter sees every path and
 * decides itself, so a protected route spelt another way is not left unfiltered.
 */
@ServerFilter("/**")
public final class TokenFilter {
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final String BEARER = "Bearer ";
    private static final String EVENTS_PATH = "/api/events";
    /** The request attribute holding the token's {@link Role}, for controllers that answer per role. */
    static final String ROLE_ATTRIBUTE = "hearth.role";
    /** The request attribute holding the token itself, for responses that outlast the check (event streams). */
    static final String TOKEN_ATTRIBUTE = "hearth.token";

    private final ApiTokens tokens;

    public TokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        if (PublicPaths.isPublic(request.getUri().getRawPath())) {
            return null;
        }
        Optional<String> token = bearerToken(request);
        Optional<Role> role = token.flatMap(tokens::roleOf);
        if (role.isEmpty()) {
            return Problem.of(HttpStatus.UNAUTHORIZED, "a valid API token is required: send 'Authorization: Bearer <token>'"
                            + " (create one with: deploy/hearth tokens create NAME --role read-only|admin)")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (role.get() != Role.ADMIN && !READS.contains(request.getMethod())) {
            return Problem.of(HttpStatus.FORBIDDEN, "this token is read-only: " + request.getMethod() + " "
                    + request.getPath() + " needs an admin token");
        }
        request.setAttribute(ROLE_ATTRIBUTE, role.get());
        request.setAttribute(TOKEN_ATTRIBUTE, token.get());
        return null;
    }

    /**
     * From the Authorization header; for the event stream also from {@code ?access_token=}, since
     * a browser's EventSource cannot send headers.
     */
    private static Optional<String> bearerToken(HttpRequest<?> request) {
        Optional<String> header = request.getHeaders().getAuthorization()
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).trim());
        if (header.isPresent() || !EVENTS_PATH.equals(request.getUri().getRawPath())) {
            return header;
        }
        return request.getParameters().getFirst("access_token");
    }
}
