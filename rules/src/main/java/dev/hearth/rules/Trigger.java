package dev.hearth.rules;

import dev.hearth.rules.yaml.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What starts a rule. The kinds are nested records of this sealed interface, each with its checks,
 * its facts ({@link #holdFor()}, {@link #watchedDevice()}) and its {@link #accept}: the closed set is
 * read and extended in one file, which is longer than ~300 lines for that reason (moving the records
 * out would rename {@code Trigger.State} for every caller).
 */
public sealed interface Trigger permits Trigger.State, Trigger.DeviceState, Trigger.Numeric, Trigger.Availability,
        Trigger.At, Trigger.Cron, Trigger.Sun, Trigger.Telemetry, Trigger.Started {

    RuleSource source();

    /** How long the trigger's condition must hold before it fires ({@code for:}); empty: at once. */
    Optional<Duration> holdFor();

    /**
     * The one device whose state or availability this trigger watches: the engine hands it that
     * device's events. Empty for time and start triggers, and for telemetry (its device is a pattern).
     */
    Optional<String> watchedDevice();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of trigger: a new kind does not compile until every dispatcher handles it. */
    interface Visitor<R> {
        R state(State trigger);

        R deviceState(DeviceState trigger);

        R numeric(Numeric trigger);

        R availability(Availability trigger);

        R at(At trigger);

        R cron(Cron trigger);

        R sun(Sun trigger);

        R telemetry(Telemetry trigger);

        R started(Started trigger);
    }

    /** A positive hold ({@code for:}) or empty. */
    private static void checkHold(Optional<Duration> holdFor) {
        Objects.requireNonNull(holdFor, "holdFor");
        if (holdFor.isPresent() && (holdFor.get().isNegative() || holdFor.get().isZero())) {
            throw new IllegalArgumentException("holdFor must be positive");
        }
    }

    private static String held(Optional<Duration> holdFor) {
        return holdFor.map(duration -> " for " + Durations.format(duration)).orElse("");
    }

    /**
     * An attribute changed ({@code from}/{@code to} narrow which changes); with {@code holdFor}, the
     * rule starts only once the new value has held that long. A change out of an unknown value (a
     * first report, or the first report after the device was offline) fires only with {@code fromUnknown}:
     * otherwise replaying retained state at start-up would fire every rule.
     */
    record State(AttributeRef attribute, Optional<ValueMatch> from, Optional<ValueMatch> to,
                 Optional<Duration> holdFor, boolean fromUnknown, RuleSource source) implements Trigger {
        public State {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            checkHold(holdFor);
            Objects.requireNonNull(source, "source");
        }

        public State(AttributeRef attribute, Optional<ValueMatch> from, Optional<ValueMatch> to,
                     Optional<Duration> holdFor, RuleSource source) {
            this(attribute, from, to, holdFor, false, source);
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.of(attribute.deviceId());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.state(this);
        }

        /** A change from an unknown value never matches {@code from}. */
        public boolean matches(StateChange change) {
            return change.deviceId().equals(attribute.deviceId())
                    && change.attribute().equals(attribute.attribute())
                    && change.isChange()
                    && (fromUnknown || change.previous().isPresent())
                    && from.map(expected -> expected.matches(change.previous())).orElse(true)
                    && to.map(expected -> expected.matches(change.current())).orElse(true);
        }

        @Override
        public String toString() {
            return "state " + attribute
                    + from.map(value -> " from " + value).orElse("")
                    + to.map(value -> " to " + value).orElse("")
                    + held(holdFor);
        }
    }

    /** Any attribute of the device changed ({@code state: bed-1}). */
    record DeviceState(String deviceId, boolean fromUnknown, RuleSource source) implements Trigger {
        public DeviceState {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Duration> holdFor() {
            return Optional.empty();
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.of(deviceId);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deviceState(this);
        }

        public boolean matches(StateChange change) {
            return change.deviceId().equals(deviceId) && change.isChange()
                    && (fromUnknown || change.previous().isPresent());
        }

        @Override
        public String toString() {
            return "state " + deviceId;
        }
    }

    /**
     * A number crossed into the range ({@code above} < value < {@code below}): it fires when the
     * value enters the range, not on every sample inside it, as Home Assistant does.
     */
    record Numeric(AttributeRef attribute, Optional<BigDecimal> above, Optional<BigDecimal> below,
                   Optional<Duration> holdFor, RuleSource source) implements Trigger {
        public Numeric {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(above, "above");
            Objects.requireNonNull(below, "below");
            checkHold(holdFor);
            Objects.requireNonNull(source, "source");
            if (above.isEmpty() && below.isEmpty()) {
                throw new IllegalArgumentException("a numeric trigger needs above or below");
            }
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.of(attribute.deviceId());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.numeric(this);
        }

        public boolean inRange(BigDecimal value) {
            return NumericRange.includes(above, below, value);
        }

        @Override
        public String toString() {
            return "numeric " + attribute + NumericRange.describe(above, below) + held(holdFor);
        }
    }

    /** The device went online or offline ({@code to} empty: either). */
    record Availability(String deviceId, Optional<Boolean> toOnline, Optional<Duration> holdFor, RuleSource source)
            implements Trigger {
        public Availability {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(toOnline, "toOnline");
            checkHold(holdFor);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.of(deviceId);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.availability(this);
        }

        @Override
        public String toString() {
            return "availability " + deviceId + toOnline.map(online -> online ? " to online" : " to offline").orElse("")
                    + held(holdFor);
        }
    }

    /** Every day at a local time of the engine clock's zone. */
    record At(LocalTime time, RuleSource source) implements Trigger {
        public At {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Duration> holdFor() {
            return Optional.empty();
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.empty();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.at(this);
        }

        @Override
        public String toString() {
            return "at " + time;
        }
    }

    /** A Unix cron expression (minute hour day-of-month month day-of-week), checked at load. */
    record Cron(String expression, RuleSource source) implements Trigger {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Duration> holdFor() {
            return Optional.empty();
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.empty();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.cron(this);
        }

        @Override
        public String toString() {
            return "cron " + expression;
        }
    }

    /** Sunrise or sunset at the engine's location, shifted by {@code offset} (negative: before). */
    record Sun(SunEvent event, Duration offset, RuleSource source) implements Trigger {
        public Sun {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(offset, "offset");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Duration> holdFor() {
            return Optional.empty();
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.empty();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sun(this);
        }

        @Override
        public String toString() {
            return "sun " + event.name().toLowerCase(java.util.Locale.ROOT)
                    + (offset.isZero() ? "" : " offset " + Durations.format(offset));
        }
    }

    enum SunEvent { SUNRISE, SUNSET }

    /**
     * Telemetry from a device whose id matches {@code devicePattern}: an id, or {@code +} standing for
     * any run of id characters, as MQTT's {@code +} stands for a device in {@code devices/+/telemetry}
     * (e.g. {@code +} for every device, {@code bed-+} for every bed).
     */
    record Telemetry(String devicePattern, RuleSource source) implements Trigger {
        public Telemetry {
            Objects.requireNonNull(devicePattern, "devicePattern");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Duration> holdFor() {
            return Optional.empty();
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.empty();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.telemetry(this);
        }

        public boolean matches(String deviceId) {
            return PATTERNS.computeIfAbsent(devicePattern, Telemetry::compile).matcher(deviceId).matches();
        }

        private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

        private static Pattern compile(String pattern) {
            String[] parts = pattern.split("\\+", -1);
            StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
            for (int index = 1; index < parts.length; index++) {
                regex.append("[A-Za-z0-9_.-]+").append(Pattern.quote(parts[index]));
            }
            return Pattern.compile(regex.toString());
        }

        @Override
        public String toString() {
            return "telemetry " + devicePattern;
        }
    }

    /** The engine was started ({@link RuleEngine#start()}). */
    record Started(RuleSource source) implements Trigger {
        public Started {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Duration> holdFor() {
            return Optional.empty();
        }

        @Override
        public Optional<String> watchedDevice() {
            return Optional.empty();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.started(this);
        }

        @Override
        public String toString() {
            return "hub started";
        }
    }
}
