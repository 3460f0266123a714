package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.AccessSync;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.devices.Provisioning;
import dev.hearth.rules.CommandRequest;
import dev.hearth.rules.CommandResult;
import dev.hearth.wire.Topics;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What an admin token may do to devices: provision, change access, send commands. */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api/devices")
public final class DeviceAdminController {
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Provisioning provisioning;
    private final DeviceStateStore devices;
    private final AccessSync accessSync;
    private final CommandDispatcher commands;

    public DeviceAdminController(Provisioning provisioning, DeviceStateStore devices,
                                 AccessSync accessSync, CommandDispatcher commands) {
        this.provisioning = provisioning;
        this.devices = devices;
        this.accessSync = accessSync;
        this.commands = commands;
    }

    /** {@code {"id": "lamp-1", "type": "lamp"}} → 201 with the generated password, shown this once. */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewDevice.class)))
    @ApiResponse(responseCode = "201", description = "provisioned; the password is shown this once", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Credentials.class)))
    @ApiResponse(responseCode = "400", description = "the body is not a device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the device exists already", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post
    public HttpResponse<?> create(@Body @Nullable String body) {
        ObjectNode json = JsonBody.object(body);
        String id = JsonBody.requiredText(json, "id");
        Provisioning.Issued issued = provisioning.add(id, JsonBody.optionalText(json, "type"));
        devices.register(id);
        accessSync.run();
        return HttpResponse.created(new Credentials(id, issued.password()));
    }

    @ApiResponse(responseCode = "200", description = "its access now", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Access.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/{id}/disable")
    public Access disable(@PathVariable String id) {
        provisioning.setEnabled(id, false);
        accessSync.run();
        return new Access(id, false);
    }

    @ApiResponse(responseCode = "200", description = "its access now", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Access.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/{id}/enable")
    public Access enable(@PathVariable String id) {
        provisioning.setEnabled(id, true);
        accessSync.run();
        return new Access(id, true);
    }

    @ApiResponse(responseCode = "204", description = "removed: it can no longer log in, and its state and meta are gone")
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the device is defined in the config file", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Delete("/{id}")
    public HttpResponse<?> remove(@PathVariable String id) {
        provisioning.remove(id);
        accessSync.run(); // its connections are dropped
        devices.remove(id);
        return HttpResponse.noContent();
    }

    @ApiResponse(responseCode = "200", description = "the new password, shown this once", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Credentials.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/{id}/rotate")
    public Credentials rotate(@PathVariable String id) {
        String password = provisioning.rotate(id).password();
        accessSync.run();
        return new Credentials(id, password);
    }

    /**
     * Sends a command with the body as its arguments and answers with the device's reply, or 504
     * when none comes within {@code ?timeout=} (default 10 s).
     */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "the command's arguments", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CommandArguments.class)))
    @ApiResponse(responseCode = "200", description = "the device's reply", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Reply.class)))
    @ApiResponse(responseCode = "400", description = "the arguments, command name or timeout are wrong", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "504", description = "no reply within the timeout", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/{id}/commands/{name}")
    public CompletableFuture<Reply> command(@PathVariable String id, @PathVariable String name,
                                            @QueryValue Optional<String> timeout, @Body @Nullable String body) {
        if (!commands.knows(id)) { // a login of the config or database, or a device a bridge speaks for
            throw NotFound.device(id);
        }
        if (!Topics.isValidCommandName(name)) {
            throw new JsonBody.BadRequest("invalid command name '" + name + "': use letters, digits, '_', '-' or '.'");
        }
        ObjectNode args = JsonBody.object(body);
        Duration wait = timeout.map(text -> QueryParameters.timeout(text, MAX_COMMAND_TIMEOUT)).orElse(DEFAULT_COMMAND_TIMEOUT);
        return commands.send(new CommandRequest(id, name, args, wait, "api"))
                .toCompletableFuture()
                .thenApply(DeviceAdminController::reply);
    }

    private static Reply reply(CommandResult result) {
        if (result instanceof CommandResult.Replied replied) {
            return new Reply(replied.ok(), replied.result().orElse(null), replied.error().orElse(null));
        }
        throw new NoReply(((CommandResult.NoReply) result).reason());
    }

    /** The body of POST /api/devices, for the OpenAPI document (the controller reads the JSON itself to name what is wrong). */
    @Schema(requiredProperties = "id")
    public record NewDevice(@Schema(example = "lamp-1") String id, @Schema(example = "lamp", nullable = true) String type) {
    }

    /** A command's arguments, for the OpenAPI document: any JSON object (the device's meta says which it takes). */
    @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE, example = "{\"cups\": 1}")
    public record CommandArguments() {
    }

    public record Credentials(String id, String password) {
    }

    public record Access(String id, boolean enabled) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Reply(boolean ok, JsonNode result, String error) {
    }
}
