package dev.hearth.wire;

import java.util.Optional;
import java.util.regex.Pattern;

/** The one place that spells Hearth's topic names (wire contract v1). */
public final class Topics {
    public static final String ROOT = "devices";
    /** Every device's topics, for the hub's own subscription. */
    public static final String ALL_DEVICES = ROOT + "/#";

    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Topics() {
    }

    public static String of(String deviceId, TopicKind kind) {
        if (kind == TopicKind.COMMAND) {
            throw new IllegalArgumentException("a command topic needs a name: use Topics.command");
        }
        return prefix(deviceId) + kind.segment();
    }

    public static String meta(String deviceId) {
        return of(deviceId, TopicKind.META);
    }

    public static String state(String deviceId) {
        return of(deviceId, TopicKind.STATE);
    }

    public static String telemetry(String deviceId) {
        return of(deviceId, TopicKind.TELEMETRY);
    }

    public static String status(String deviceId) {
        return of(deviceId, TopicKind.STATUS);
    }

    public static String replies(String deviceId) {
        return of(deviceId, TopicKind.REPLIES);
    }

    public static String desired(String deviceId) {
        return of(deviceId, TopicKind.DESIRED);
    }

    public static String command(String deviceId, String commandName) {
        return prefix(deviceId) + TopicKind.COMMAND.segment() + "/" + requireCommandName(commandName);
    }

    /** The filter a device subscribes to for all its commands. */
    public static String commandsFilter(String deviceId) {
        return prefix(deviceId) + TopicKind.COMMAND.segment() + "/+";
    }

    /** Every command topic of one device at any depth, for ACLs: covers {@link #commandsFilter}. */
    public static String commandsSubtreeFilter(String deviceId) {
        return prefix(deviceId) + TopicKind.COMMAND.segment() + "/#";
    }

    /** Everything under one device, for ACLs. */
    public static String deviceFilter(String deviceId) {
        return prefix(deviceId) + "#";
    }

    public static boolean isValidCommandName(String name) {
        return name != null && COMMAND_NAME.matcher(name).matches();
    }

    public static String requireCommandName(String name) {
        if (!isValidCommandName(name)) {
            throw new IllegalArgumentException("invalid command name '" + name
                    + "': use 1-64 letters, digits, '_', '-' or '.'");
        }
        return name;
    }

    /** Parses a topic of the contract; anything else (wrong shape, invalid id) is empty. */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] levels = topic.split("/", -1);
        if (levels.length < 3 || !ROOT.equals(levels[0]) || !DeviceIds.isValid(levels[1])) {
            return Optional.empty();
        }
        String deviceId = levels[1];
        if (levels.length == 4 && TopicKind.COMMAND.segment().equals(levels[2]) && isValidCommandName(levels[3])) {
            return Optional.of(new DeviceTopic(deviceId, TopicKind.COMMAND, Optional.of(levels[3])));
        }
        if (levels.length != 3) {
            return Optional.empty();
        }
        for (TopicKind kind : TopicKind.values()) {
            if (kind != TopicKind.COMMAND && kind.segment().equals(levels[2])) {
                return Optional.of(new DeviceTopic(deviceId, kind, Optional.empty()));
            }
        }
        return Optional.empty();
    }

    private static String prefix(String deviceId) {
        return ROOT + "/" + DeviceIds.require(deviceId) + "/";
    }
}
