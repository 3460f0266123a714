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
}
