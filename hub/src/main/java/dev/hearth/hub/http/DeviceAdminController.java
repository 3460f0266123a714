package dev.hearth.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.HubServices;
import dev.hearth.hub.devices.Provisioning;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.wire.Topics;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What an admin token may do to devices: provision, change access, send commands. */
@Controller("/api/devices")
public final class DeviceAdminController {
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final HubServices hub;

    public DeviceAdminController(HubServices hub) {
        this.hub = hub;
    }

    /** {@code {"id": "lamp-1", "type": "lamp"}} → 201 with the generated password, shown this once. */
    @Post
    public HttpResponse<?> create(@Body @Nullable String body) {
        ObjectNode json = JsonBody.object(body);
        String id = JsonBody.requiredText(json, "id");
        Provisioning.Issued issued = hub.provisioning().add(id, JsonBody.optionalText(json, "type"));
        hub.devices().register(id);
        hub.accessSync().run();
        return HttpResponse.created(new Credentials(id, issued.password()));
    }

    @Post("/{id}/disable")
    public HttpResponse<?> disable(@PathVariable String id) {
        hub.provisioning().setEnabled(id, false);
        hub.accessSync().run();
        return HttpResponse.ok(new Access(id, false));
    }

    @Post("/{id}/enable")
    public HttpResponse<?> enable(@PathVariable String id) {
        hub.provisioning().setEnabled(id, true);
        hub.accessSync().run();
        return HttpResponse.ok(new Access(id, true));
    }

    @Post("/{id}/rotate")
    public HttpResponse<?> rotate(@PathVariable String id) {
        String password = hub.provisioning().rotate(id).password();
        hub.accessSync().run();
        return HttpResponse.ok(new Credentials(id, password));
    }

    /**
     * Sends a command with the body as its arguments and answers with the device's reply, or 504
     * when none comes within {@code ?timeout=} (default 10 s).
     */
    @Post("/{id}/commands/{name}")
    public CompletableFuture<HttpResponse<?>> command(@PathVariable String id, @PathVariable String name,
                                                      @QueryValue Optional<String> timeout, @Body @Nullable String body) {
        if (!hub.registry().knows(id)) {
            return CompletableFuture.completedFuture(Problem.of(HttpStatus.NOT_FOUND, "no device '" + id + "'"));
        }
        if (!Topics.isValidCommandName(name)) {
            return CompletableFuture.completedFuture(Problem.of(HttpStatus.BAD_REQUEST,
                    "invalid command name '" + name + "': use letters, digits, '_', '-' or '.'"));
        }
        ObjectNode args = JsonBody.object(body);
        Duration wait = timeout.map(DeviceAdminController::parseTimeout).orElse(DEFAULT_COMMAND_TIMEOUT);
        return hub.commands().send(new CommandRequest(id, name, args, wait, "api"))
                .toCompletableFuture()
                .thenApply(DeviceAdminController::toResponse);
    }

    private static HttpResponse<?> toResponse(CommandResult result) {
        if (result instanceof CommandResult.Replied replied) {
            return HttpResponse.ok(new Reply(replied.ok(), replied.result().orElse(null), replied.error().orElse(null)));
        }
        return Problem.of(HttpStatus.GATEWAY_TIMEOUT, ((CommandResult.NoReply) result).reason());
    }

    private static Duration parseTimeout(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s)").matcher(text);
        if (!m.matches()) {
            throw new JsonBody.BadRequest("query parameter 'timeout' must look like 500ms or 5s, got '" + text + "'");
        }
        Duration wait = m.group(2).equals("ms") ? Duration.ofMillis(Long.parseLong(m.group(1))) : Duration.ofSeconds(Long.parseLong(m.group(1)));
        if (wait.isZero() || wait.compareTo(MAX_COMMAND_TIMEOUT) > 0) {
            throw new JsonBody.BadRequest("query parameter 'timeout' must be more than 0 and at most 2 minutes");
        }
        return wait;
    }

    public record Credentials(String id, String password) {
    }

    public record Access(String id, boolean enabled) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Reply(boolean ok, JsonNode result, String error) {
    }
}
