package dev.hearth.hub.homeassistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.broker.NativeOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * The logins of hearth.yml with {@code protocol: homeassistant}, and the discovery they read. Such a login
 * is no device: it may subscribe to the discovery prefix and the hub's tree for Home Assistant, and publish
 * only its birth and the command topics; the broker gives every other login none of these.
 */
public final class HomeAssistantLogins {
    private final Set<String> ids;
    private final Optional<HomeAssistantDiscovery> discovery;

    public HomeAssistantLogins(Set<String> ids, Optional<HomeAssistantDiscovery> discovery) {
        if (!ids.isEmpty() && discovery.isEmpty()) {
            throw new IllegalArgumentException("a homeassistant login needs homeassistant.discovery: true");
        }
        this.ids = Set.copyOf(ids);
        this.discovery = discovery;
    }

    public static HomeAssistantLogins none() {
        return new HomeAssistantLogins(Set.of(), Optional.empty());
    }

    public Optional<NativeAccess> access(String loginId) {
        return ids.contains(loginId) ? discovery.map(HomeAssistantDiscovery::access) : Optional.empty();
    }

    /** A publish of the login; empty for another login. */
    public Optional<NativeOutcome> take(String loginId, String topic, byte[] payload) {
        return ids.contains(loginId) ? discovery.map(side -> side.take(topic, payload)) : Optional.empty();
    }

    public void onMeasured(String deviceId, ObjectNode measurements) {
        discovery.ifPresent(side -> side.onMeasured(deviceId, measurements));
    }
}
