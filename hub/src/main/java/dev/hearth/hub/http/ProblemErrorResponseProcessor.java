package dev.hearth.hub.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Every error Micronaut answers by itself (no route, wrong method, wrong content type, a body it
 * cannot read, an exception no handler of ours takes) as the same {@code application/problem+json}
 * our controllers send, instead of Micronaut's default HAL-style JSON (or HTML for a browser). The
 * status and headers (e.g. {@code Allow} on a 405) stay Micronaut's.
 */
@Singleton
@Primary
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {
    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        Problem problem = new Problem("about:blank", status.getReason(), status.getCode(), detail(context, status, response));
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private static String detail(ErrorContext context, HttpStatus status, MutableHttpResponse<?> response) {
        HttpRequest<?> request = context.getRequest();
        String call = request.getMethodName() + " " + request.getPath();
        return switch (status) {
            case NOT_FOUND -> "nothing at " + call + " (see GET /openapi.yml for the API)";
            case METHOD_NOT_ALLOWED -> request.getMethodName() + " is not allowed on " + request.getPath()
                    + response.getHeaders().getFirst("Allow").map(allow -> "; allowed: " + allow).orElse("");
            case UNSUPPORTED_MEDIA_TYPE -> call + " does not take "
                    + request.getContentType().map(Object::toString).orElse("a body without Content-Type")
                    + "; send application/json";
            default -> context.hasErrors()
                    ? context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "))
                    : status.getReason();
        };
    }
}
