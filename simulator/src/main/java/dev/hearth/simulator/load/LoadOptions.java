package dev.hearth.simulator.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A load run: the {@code logins} connect over {@code rampUp}, then their devices publish readings (telemetry, or
 * each native protocol's own) at {@code rate} messages per second in total (spread over the connected devices) at
 * {@code qos} for {@code duration}, never more than {@code maxMessages}. A Zigbee2MQTT login is a bridge speaking
 * for several devices. The broker must be on this machine unless {@code allowRemote}: a load generator pointed at
 * someone else's server by a typo is an attack.
 */
public record LoadOptions(String serverUri, List<Credentials> logins, double rate, int qos, Duration duration, Duration rampUp,
                          long maxMessages, boolean allowRemote) {
    public static final int MAX_DEVICES = 10_000;
    public static final double MAX_RATE = 200_000;
    public static final Duration MAX_DURATION = Duration.ofHours(1);

    public LoadOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        URI uri = URI.create(serverUri);
        if (uri.getHost() == null || !("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("the broker should be like tcp://127.0.0.1:1883, was " + serverUri);
        }
        if (!allowRemote && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("the broker " + uri.getHost() + " is not on this machine; allow remote targets explicitly");
        }
        logins = List.copyOf(logins);
        int devices = logins.stream().mapToInt(Credentials::deviceCount).sum();
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("devices must be 1 to " + MAX_DEVICES + ", was " + devices);
        }
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new IllegalArgumentException("rate must be above 0 and at most " + (long) MAX_RATE + " msg/s, was " + rate);
        }
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1, was " + qos);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be above 0 and at most 1h, was " + duration);
        }
        Objects.requireNonNull(rampUp, "rampUp");
        if (rampUp.isNegative() || rampUp.compareTo(duration) > 0) {
            throw new IllegalArgumentException("rampUp must be from 0 to the duration, was " + rampUp);
        }
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be positive, was " + maxMessages);
        }
    }

    /** Loopback only, at most rate × duration messages. */
    public static LoadOptions of(String serverUri, List<Credentials> logins, double rate, int qos, Duration duration,
                                 Duration rampUp) {
        long bound = (long) Math.ceil(rate * duration.toNanos() / 1e9);
        return new LoadOptions(serverUri, logins, rate, qos, duration, rampUp, Math.max(1, bound), false);
    }

    /** The devices of all the logins. */
    public int devices() {
        return logins.stream().mapToInt(Credentials::deviceCount).sum();
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
