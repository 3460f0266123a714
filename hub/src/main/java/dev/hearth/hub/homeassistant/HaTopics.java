package dev.hearth.hub.homeassistant;

import dev.hearth.hub.config.HomeAssistantSettings;
import java.util.List;

/**
 * The topics of Home Assistant's side of the hub. Discovery configs go under the discovery prefix; what
 * they name is a tree the hub publishes for Home Assistant, {@code hearth/ha/{id}/...}, one plain value a
 * topic (so a config needs no template), and the hub's own availability is {@code hearth/status}:
 *
 * <pre>
 * hearth/status                          online | offline, retained (the hub)
 * hearth/ha/{id}/availability            online | offline, retained (the device, as the hub sees it)
 * hearth/ha/{id}/state/{attribute}       ON | OFF | 21.5 | text, retained
 * hearth/ha/{id}/set/{entity}            ON | OFF, from Home Assistant
 * hearth/ha/{id}/press/{command}         PRESS, from Home Assistant
 * {prefix}/{component}/{node}/{object}/config   the discovery config, retained
 * {prefix}/status                        Home Assistant's birth (online) and last will (offline)
 * </pre>
 */
public final class HaTopics {
    public static final String HUB_AVAILABILITY = "hearth/status";
    static final String ROOT = "hearth/ha";
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    private final String prefix;

    public HaTopics(String prefix) {
        if (!HomeAssistantSettings.isPlainTopicLevel(prefix)) {
            throw new IllegalArgumentException("invalid discovery prefix '" + prefix + "'");
        }
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    public String birth() {
        return prefix + "/status";
    }

    String discovery(Component component, String nodeId, String objectId) {
        return prefix + "/" + component.wire() + "/" + nodeId + "/" + objectId + "/config";
    }

    static String availability(String deviceId) {
        return ROOT + "/" + deviceId + "/availability";
    }

    static String state(String deviceId, String attribute) {
        return ROOT + "/" + deviceId + "/state/" + attribute;
    }

    static String set(String deviceId, String entity) {
        return ROOT + "/" + deviceId + "/set/" + entity;
    }

    static String press(String deviceId, String command) {
        return ROOT + "/" + deviceId + "/press/" + command;
    }

    /** What Home Assistant's login may publish: its birth and the command topics. */
    public List<String> publishFilters() {
        return List.of(birth(), ROOT + "/+/set/+", ROOT + "/+/press/+");
    }

    /** What it may subscribe to: the discovery prefix, and the hub's tree the configs name (hearth/ha/#, hearth/status). */
    public List<String> subscribeFilters() {
        return List.of(prefix + "/#", "hearth/#");
    }

    /** One of Home Assistant's publishes, read. */
    sealed interface Inbound {
        record Birth() implements Inbound {
        }

        /** A command topic: {@code hearth/ha/{device}/set|press/{name}}. */
        record Command(String commandTopic) implements Inbound {
        }

        record Outside() implements Inbound {
        }
    }

    Inbound read(String topic) {
        if (topic.equals(birth())) {
            return new Inbound.Birth();
        }
        String[] levels = topic.split("/", -1);
        boolean command = topic.startsWith(ROOT + "/") && levels.length == 5
                && (levels[3].equals("set") || levels[3].equals("press"));
        return command ? new Inbound.Command(topic) : new Inbound.Outside();
    }
}
