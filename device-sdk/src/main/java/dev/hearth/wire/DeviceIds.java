package dev.hearth.wire;

import java.util.regex.Pattern;

/**
 * What a device id may be. Ids go into topic names and ACL topic filters, so the MQTT
 * wildcards and separators ({@code + # /}) and anything exotic are refused here, once.
 */
public final class DeviceIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
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
