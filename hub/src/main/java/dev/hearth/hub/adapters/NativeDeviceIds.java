package dev.hearth.hub.adapters;

import dev.hearth.wire.DeviceIds;

/**
 * The Hearth id of a device behind a bridge, from its native name: each run of characters a Hearth
 * id may not hold ({@code /}, spaces, ...) becomes one {@code -}, leading and trailing separators go,
 * and the id is cut at 64 characters: {@code living/lamp} is {@code living-lamp}, {@code Hallway Motion}
 * is {@code Hallway-Motion}, {@code hallway-motion} stays itself. A name with nothing usable left takes
 * its network address ({@code 0x00158d0001a2b3c4}), which is always a valid id.
 */
final class NativeDeviceIds {
    private static final int MAX = 64;

    private NativeDeviceIds() {
    }

    static String of(String name, String address) {
        String id = derive(name);
        if (DeviceIds.isValid(id)) {
            return id;
        }
        String fallback = derive(address);
        return DeviceIds.isValid(fallback) ? fallback : "device-" + Integer.toHexString(name.hashCode());
    }

    private static String derive(String name) {
        StringBuilder id = new StringBuilder(Math.min(name.length(), MAX));
        boolean separator = false;
        for (int i = 0; i < name.length() && id.length() < MAX; i++) {
            char c = name.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.';
            if (plain || c == '-') {
                if (separator && id.length() > 0) {
                    id.append('-');
                }
                separator = false;
                if (id.length() < MAX && (id.length() > 0 || Character.isLetterOrDigit(c) && c < 128)) {
                    id.append(c);
                }
            } else {
                separator = true;
            }
        }
        while (id.length() > 0 && "-_.".indexOf(id.charAt(id.length() - 1)) >= 0) {
            id.setLength(id.length() - 1);
        }
        return id.toString();
    }
}
