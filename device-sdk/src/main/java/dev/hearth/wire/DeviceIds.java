package dev.hearth.wire;


/**
 * What a device id may be. Ids go into topic names and ACL topic filters, so the MQTT
 * wildcards and separators ({@code + # /}) and anything exotic are refused here, once.
 */
public final class DeviceIds {
    static final int MAX_LENGTH = 64;

    private DeviceIds() {
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}, checked by hand: it runs on every message the hub receives. */
    public static boolean isValid(String id) {
        return isPlainName(id);
    }

    /** The grammar of device ids, also used for command names. */
    static boolean isPlainName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alphanumeric && (i == 0 || c != '_' && c != '.' && c != '-')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the id, or throws naming what is wrong with it. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid device id '" + id
                    + "': use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
        return id;
    }
}
