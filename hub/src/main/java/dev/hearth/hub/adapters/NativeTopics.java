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
}
