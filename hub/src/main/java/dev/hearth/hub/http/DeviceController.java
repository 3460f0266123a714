package dev.hearth.hub.http;

import dev.hearth.hub.devices.DeviceStateStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.util.List;

@Controller("/api/devices")
public final class DeviceController {
    private final DeviceStateStore store;

    public DeviceController(DeviceStateStore store) {
        this.store = store;
    }

    @Get
    public List<DeviceView> list() {
        return store.snapshots().stream().map(DeviceView::of).toList();
    }

    @Get("/{id}")
    public HttpResponse<?> get(@PathVariable String id) {
        return store.snapshot(id)
                .<HttpResponse<?>>map(device -> HttpResponse.ok(DeviceView.of(device)))
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no device '" + id + "'"));
    }
}
