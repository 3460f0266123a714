package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.cluster.ClusterEvent.MetaDescribed;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.rules.StateView;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The devices of a task's sites, in the {@code device-state} store: {@code <site>/<device>} → {@code {"attributes":
 * {...}, "meta": {...}}}. A rule reads the devices of its own site through {@link #view(String)}.
 */
final class DeviceStates {
    static final String STORE = "device-state";

    private final KeyValueStore<String, String> store;

    DeviceStates(KeyValueStore<String, String> store) {
        this.store = store;
    }

    StateView view(String site) {
        return (deviceId, attribute) -> Optional.ofNullable(store.get(StoreJson.key(site, deviceId)))
                .map(text -> StoreJson.read(text).path("attributes").get(attribute));
    }

    java.util.Set<String> sites() {
        return StoreJson.sites(store);
    }

    void report(StateChanged changed) {
        update(changed.site(), changed.deviceId(), device -> device.with("attributes").set(changed.attribute(), changed.current()));
    }

    void describe(MetaDescribed described) {
        update(described.site(), described.deviceId(), device -> device.set("meta", described.meta()));
    }

    private void update(String site, String deviceId, java.util.function.Function<ObjectNode, JsonNode> change) {
        String key = StoreJson.key(site, deviceId);
        String text = store.get(key);
        ObjectNode device = text == null ? StoreJson.JSON.createObjectNode() : StoreJson.read(text);
        change.apply(device);
        store.put(key, StoreJson.write(device));
    }
}
