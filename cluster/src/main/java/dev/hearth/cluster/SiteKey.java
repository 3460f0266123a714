package dev.hearth.cluster;

/**
 * The Kafka key of every record: the device's site (a home, a building, a tenant). A site, not the device, because a
 * rule's conditions read other devices' state and its triggers may name several devices: with the site as the key
 * they all land, in order, on the partition of one worker task, whose store holds their state. A site holds a home's
 * devices or a floor's, so a partition's load stays small while there are many more sites than partitions. A rule
 * sees the devices of its own site.
 */
public final class SiteKey {
    public static final String DEFAULT_SITE = "default";

    private SiteKey() {
    }

    /** A site is a name a person types: letters, digits, '.', '_' and '-'. */
    public static String require(String site) {
        if (site == null || site.isBlank() || !site.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a site is 1 to 64 letters, digits, '.', '_' or '-': " + site);
        }
        return site;
    }
}
