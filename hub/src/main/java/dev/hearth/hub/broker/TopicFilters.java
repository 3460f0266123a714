package dev.hearth.hub.broker;

/** MQTT topic filters matched as the broker matches them, for the hub's own checks. */
public final class TopicFilters {
    private TopicFilters() {
    }

    /** Whether the MQTT topic filter {@code filter} (with {@code +} and {@code #}) matches {@code topic}. */
    public static boolean matches(String filter, String topic) {
        String[] filterLevels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            String level = filterLevels[i];
            if (level.equals("#")) {
                return true; // also the parent level itself, as MQTT says
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }

    /**
     * Whether some topic matches both filters: {@code tele/a/#} and {@code tele/a/b/#} do, {@code tele/a/#} and
     * {@code tele/ab/#} do not. Two logins whose filters overlap could each publish where the other is read.
     */
    public static boolean overlap(String first, String second) {
        String[] a = first.split("/", -1);
        String[] b = second.split("/", -1);
        for (int i = 0; ; i++) {
            boolean aEnds = i == a.length;
            boolean bEnds = i == b.length;
            if (aEnds && bEnds) {
                return true;
            }
            if (!aEnds && a[i].equals("#") || !bEnds && b[i].equals("#")) {
                return true; // '#' also matches its parent level itself
            }
            if (aEnds || bEnds) {
                return false;
            }
            if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) {
                return false;
            }
        }
    }
}
