package dev.hearth.hub.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** An RFC 9457 problem response: what went wrong, in a sentence a person can act on. */
public record Problem(String type, String title, int status, String detail) {
    static final String MEDIA_TYPE = "application/problem+json";

    static MutableHttpResponse<Problem> of(HttpStatus status, String detail) {
        return HttpResponse.<Problem>status(status)
                .contentType(MEDIA_TYPE)
                .body(new Problem("about:blank", status.getReason(), status.getCode(), detail));
    }
}
