package dev.hearth.hub.adapters;

/**
 * Topic names of native protocols: a login's root (a Tasmota topic, a Zigbee2MQTT base topic) is
 * checked once, when the config is read, since it goes into ACL filters.
 */
public final class NativeTopics {
    private static final int MAX_ROOT_LENGTH = 128;

    private NativeTopics() {
    }

    /**
     * A root topic: 1-128 printable characters, levels separated by single {@code /}, no MQTT
     * wildcard, no leading or trailing {@code /} (Zigbee2MQTT's base topic may be {@code home/zigbee}).
     */
    public static String requireRoot(String root, String what) {
        String problem = null;
        if (root == null || root.isEmpty() || root.length() > MAX_ROOT_LENGTH) {
            problem = "1 to " + MAX_ROOT_LENGTH + " characters";
        } else if (root.startsWith("/") || root.endsWith("/") || root.contains("//")) {
            problem = "topic levels separated by single '/', none empty";
        } else {
            for (int i = 0; i < root.length() && problem == null; i++) {
                char c = root.charAt(i);
                if (c == '+' || c == '#' || c <= ' ' || c == 0x7f) {
                    problem = "no MQTT wildcard ('+', '#'), space or control character";
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + root + "' is not a usable topic: expected " + problem);
        }
        return root;
    }

    /** First topic levels that are the hub's own trees, or the discovery prefix: never a device's base topic. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("devices", "hearth", "homeassistant");

    /**
     * The node id of a device speaking Home Assistant discovery, which is its base topic too (ESPHome's node name):
     * one topic level, since it is the {@code <node_id>} level of its config topics, and none of the hub's trees.
     */
    public static String requireDiscoveryNode(String node, String what) {
        if (node.contains("/") || node.startsWith("$") || RESERVED.contains(node)) {
            throw new IllegalArgumentException(what + " '" + node + "' is not a usable node id: one topic level (ESPHome's"
                    + " node name), not $..., devices, hearth or homeassistant");
        }
        return node;
    }
}
