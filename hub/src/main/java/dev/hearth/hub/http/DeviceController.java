package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.adapters.Adapters;
import dev.hearth.hub.cluster.StoredDevices;
import dev.hearth.hub.commands.RecentCommands;
import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.HistoryRepository;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What any token may read about devices: their state, last commands and history. */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api/devices")
public final class DeviceController {
    private final DeviceStateStore devices;
    private final RecentCommands recentCommands;
    private final HistoryRepository history;
    private final Clock clock;
    private final Adapters adapters;
    private final StoredDevices others;

    public DeviceController(DeviceStateStore devices, RecentCommands recentCommands, HistoryRepository history, Clock clock,
                            Adapters adapters, StoredDevices others) {
        this.devices = devices;
        this.others = others;
        this.adapters = adapters;
        this.recentCommands = recentCommands;
        this.history = history;
        this.clock = clock;
    }

    @ApiResponse(responseCode = "200", description = "every device", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = DeviceView.class))))
    @Get
    public List<DeviceView> list() {
        // in cluster mode, with the devices other hubs hold, from the shared storage
        return others.all(devices.snapshots()).stream().map(device -> DeviceView.of(device, adapters.origin(device.id()))).toList();
    }

    @ApiResponse(responseCode = "200", description = "the device", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeviceView.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{id}")
    public DeviceView get(@PathVariable String id) {
        return DeviceView.of(device(id), adapters.origin(id));
    }

    /** The last commands sent to the device (by the API or by rules) and their replies, newest first. */
    @ApiResponse(responseCode = "200", description = "its last commands, newest first", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = CommandView.class))))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{id}/commands")
    public List<CommandView> recentCommands(@PathVariable String id) {
        device(id);
        return recentCommands.of(id).stream().map(CommandView::of).toList();
    }

    /**
     * {@code ?attribute=temp&from=ISO&to=ISO&bucket=5m}: the last hour unless from/to say
     * otherwise; raw points, or avg/min/max per bucket when a bucket width is given.
     */
    @ApiResponse(responseCode = "200", description = "raw points, or buckets with ?bucket=", content = @Content(mediaType = "application/json", schema = @Schema(implementation = HistoryView.class)))
    @ApiResponse(responseCode = "400", description = "a query parameter is missing or wrong", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{id}/history")
    public HistoryView history(@PathVariable String id, @QueryValue Optional<String> attribute,
                               @QueryValue Optional<String> from, @QueryValue Optional<String> to,
                               @QueryValue Optional<String> bucket, @QueryValue Optional<String> limit) {
        device(id);
        HistoryQuery query = HistoryQuery.read(attribute, from, to, bucket, limit, clock.instant());
        String name = query.attribute();
        String start = query.range().from().toString();
        String end = query.range().to().toString();
        if (query.bucketWidth().isPresent()) {
            List<HistoryView.Bucket> buckets = history.buckets(id, name, query.range().from(), query.range().to(),
                            query.bucketWidth().get()).stream()
                    .map(b -> new HistoryView.Bucket(b.start().toString(), b.avg(), b.min(), b.max(), b.count())).toList();
            return new HistoryView(id, name, start, end, query.bucket().orElseThrow(), null, buckets);
        }
        List<HistoryView.Point> points = history.points(id, name, query.range().from(), query.range().to(), query.limit())
                .stream().map(p -> new HistoryView.Point(p.at().toString(), p.value())).toList();
        return new HistoryView(id, name, start, end, null, points, null);
    }

    private DeviceSnapshot device(String id) {
        // in cluster mode, a device another hub holds is answered for from the shared storage
        return others.answer(id, devices.snapshot(id)).orElseThrow(() -> NotFound.device(id));
    }
}
