package dev.hearth.hub.http;

import dev.hearth.hub.devices.Provisioning;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * What the controllers throw, as problem responses: bad input is a 400 naming what is wrong (never
 * a 500), a device or rule that does not exist a 404, a command without an answer a 504, a rule's
 * switch or run on a hub in cluster mode a 409.
 */
final class ProblemHandlers {
    private ProblemHandlers() {
    }

    @Singleton
    @Produces
    static final class BadRequestHandler implements ExceptionHandler<JsonBody.BadRequest, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonBody.BadRequest exception) {
            return Problem.of(HttpStatus.BAD_REQUEST, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class NotFoundHandler implements ExceptionHandler<NotFound, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, NotFound exception) {
            return Problem.of(HttpStatus.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class NoReplyHandler implements ExceptionHandler<NoReply, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, NoReply exception) {
            return Problem.of(HttpStatus.GATEWAY_TIMEOUT, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class RulesElsewhereHandler implements ExceptionHandler<RuleController.RulesElsewhere, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, RuleController.RulesElsewhere exception) {
            return Problem.of(HttpStatus.CONFLICT, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class ProvisioningHandler implements ExceptionHandler<Provisioning.ProvisioningException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, Provisioning.ProvisioningException exception) {
            HttpStatus status = exception.reason() == Provisioning.ProvisioningException.Reason.UNKNOWN
                    ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
            return Problem.of(status, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class IllegalArgumentHandler implements ExceptionHandler<IllegalArgumentException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, IllegalArgumentException exception) {
            return Problem.of(HttpStatus.BAD_REQUEST, exception.getMessage());
        }
    }
}
