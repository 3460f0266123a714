package dev.hearth.hub.adapters;

import dev.hearth.wire.Topics;
import java.util.Map;

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

    /**
     * The first topic levels of the hub's own trees, and what each is, in the words of a message: no login's topics
     * may overlap them (the config's login trees check) and no discovery prefix may be one.
     */
    public static final Map<String, String> HEARTH_TREES = Map.of(
            Topics.ROOT, "Hearth's own " + Topics.ROOT + "/ tree (the wire contract's devices)",
            "hearth", "the hub's own hearth/ tree (hearth/status, what it publishes for Home Assistant)");

    /**
     * The node id of a device speaking Home Assistant discovery, which is its base topic too (ESPHome's node name):
     * one topic level, since it is the {@code <node_id>} level of its config topics. That its {@code <node>/} tree is
     * none of the hub's, nor the discovery prefix, is the config's login trees check, as for every login.
     */
    public static String requireDiscoveryNode(String node, String what) {
        if (node.contains("/") || node.startsWith("$")) {
            throw new IllegalArgumentException(what + " '" + node + "' is not a usable node id: one topic level (ESPHome's"
                    + " node name), not $...");
        }
        return node;
    }
}
