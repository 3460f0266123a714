package dev.hearth.wire;

import java.util.Optional;

/** The one place that spells Hearth's topic names (wire contract v1). */
public final class Topics {
    public static final String ROOT = "devices";
    /** Every device's topics, for the hub's own subscription. */
    public static final String ALL_DEVICES = ROOT + "/#";

    private static final String PREFIX = ROOT + "/";

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
        return DeviceIds.isPlainName(name);
    }

    public static String requireCommandName(String name) {
        if (!isValidCommandName(name)) {
            throw new IllegalArgumentException("invalid command name '" + name
                    + "': use 1-64 letters, digits, '_', '-' or '.'");
        }
        return name;
    }

    /** Parses a topic of the contract; anything else (wrong shape, invalid id) is empty. Runs on every inbound message. */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int idEnd = topic.indexOf('/', PREFIX.length());
        if (idEnd < 0) {
            return Optional.empty();
        }
        String deviceId = topic.substring(PREFIX.length(), idEnd);
        if (!DeviceIds.isValid(deviceId)) {
            return Optional.empty();
        }
        int kindEnd = topic.indexOf('/', idEnd + 1);
        if (kindEnd >= 0) {
            String name = topic.substring(kindEnd + 1);
            return TopicKind.COMMAND.segment().equals(topic.substring(idEnd + 1, kindEnd)) && isValidCommandName(name)
                    ? Optional.of(new DeviceTopic(deviceId, TopicKind.COMMAND, Optional.of(name)))
                    : Optional.empty();
        }
        String segment = topic.substring(idEnd + 1);
        for (TopicKind kind : TopicKind.values()) {
            if (kind != TopicKind.COMMAND && kind.segment().equals(segment)) {
                return Optional.of(new DeviceTopic(deviceId, kind, Optional.empty()));
            }
        }
        return Optional.empty();
    }

    private static String prefix(String deviceId) {
        return ROOT + "/" + DeviceIds.require(deviceId) + "/";
    }
}
