package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a rule does, one step of its {@code then:} list. The kinds are nested records of this sealed
 * interface, each with its checks, its nested actions ({@link #children()}) and its {@link #accept}:
 * the closed set is read and extended in one file, which is longer than ~300 lines for that reason
 * (moving the records out would rename {@code Action.Command} for every caller).
 */
public sealed interface Action permits Action.Command, Action.Desired, Action.Delay, Action.WaitFor, Action.Choose,
        Action.Repeat, Action.Parallel, Action.Sequence, Action.Notify, Action.SetEnabled, Action.Variables {

    RuleSource source();

    /**
     * The actions nested in this one, in the order written (a choose's branches, then its
     * {@code default}); empty for an action that holds none.
     */
    List<Action> children();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of action: a new kind does not compile until every dispatcher handles it. */
    interface Visitor<R> {
        R command(Command action);

        R desired(Desired action);

        R delay(Delay action);

        R waitFor(WaitFor action);

        R choose(Choose action);

        R repeat(Repeat action);

        R parallel(Parallel action);

        R sequence(Sequence action);

        R notify(Notify action);

        R setEnabled(SetEnabled action);

        R variables(Variables action);
    }

    /**
     * Send a command and wait for its result before the next action. A text argument written
     * {@code "${expr}"} is the CEL expression's value; text with {@code ${expr}} inside is interpolated.
     */
    record Command(String deviceId, String command, ObjectNode args, Duration timeout, RuleSource source)
            implements Action {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public Command {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(command, "command");
            args = Objects.requireNonNull(args, "args").deepCopy();
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(source, "source");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.command(this);
        }

        /** A copy: the rule's own arguments stay as loaded. */
        @Override
        public ObjectNode args() {
            return args.deepCopy();
        }

        @Override
        public String toString() {
            return "command " + deviceId + "." + command + " " + args;
        }
    }

    /** Set the device's desired state (values may be templates, as a command's arguments). */
    record Desired(String deviceId, ObjectNode state, RuleSource source) implements Action {
        public Desired {
            Objects.requireNonNull(deviceId, "deviceId");
            state = Objects.requireNonNull(state, "state").deepCopy();
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.desired(this);
        }

        @Override
        public ObjectNode state() {
            return state.deepCopy();
        }

        @Override
        public String toString() {
            return "desired " + deviceId + " " + state;
        }
    }

    record Delay(Duration duration, RuleSource source) implements Action {
        public Delay {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.delay(this);
        }

        @Override
        public String toString() {
            return "delay " + dev.hearth.rules.yaml.Durations.format(duration);
        }
    }

    /**
     * Wait until one of the triggers fires; past {@code timeout} the run stops, or goes on when
     * {@code continueOnTimeout}.
     */
    record WaitFor(List<Trigger> triggers, Optional<Duration> timeout, boolean continueOnTimeout, RuleSource source)
            implements Action {
        public WaitFor {
            triggers = List.copyOf(triggers);
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(source, "source");
            if (triggers.isEmpty()) {
                throw new IllegalArgumentException("wait_for needs a trigger");
            }
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.waitFor(this);
        }

        @Override
        public String toString() {
            return "wait for " + triggers + timeout.map(t -> " (timeout " + dev.hearth.rules.yaml.Durations.format(t) + ")").orElse("");
        }
    }

    /** One branch of a {@link Choose}: its actions run when all its conditions hold. */
    record Branch(List<Condition> conditions, List<Action> actions, RuleSource source) {
        public Branch {
            conditions = List.copyOf(conditions);
            actions = List.copyOf(actions);
            Objects.requireNonNull(source, "source");
        }
    }

    /** The first branch whose conditions hold runs; else {@code otherwise} (the YAML's {@code default}). */
    record Choose(List<Branch> branches, List<Action> otherwise, RuleSource source) implements Action {
        public Choose {
            branches = List.copyOf(branches);
            otherwise = List.copyOf(otherwise);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            List<Action> nested = new ArrayList<>();
            branches.forEach(branch -> nested.addAll(branch.actions()));
            nested.addAll(otherwise);
            return List.copyOf(nested);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.choose(this);
        }

        @Override
        public String toString() {
            return "choose among " + branches.size() + " branches";
        }
    }

    /**
     * Repeat the actions {@code count} times, or while all of {@code whileAll} hold (checked before each
     * pass), or until all of {@code untilAll} hold (checked after each pass). Exactly one is given.
     */
    record Repeat(OptionalInt count, List<Condition> whileAll, List<Condition> untilAll, List<Action> actions,
                  RuleSource source) implements Action {
        /** A loop that never ends would keep its rule busy for ever. */
        public static final int MAX_PASSES = 1_000;

        public Repeat {
            Objects.requireNonNull(count, "count");
            whileAll = List.copyOf(whileAll);
            untilAll = List.copyOf(untilAll);
            actions = List.copyOf(actions);
            Objects.requireNonNull(source, "source");
            int kinds = (count.isPresent() ? 1 : 0) + (whileAll.isEmpty() ? 0 : 1) + (untilAll.isEmpty() ? 0 : 1);
            if (kinds != 1) {
                throw new IllegalArgumentException("repeat needs exactly one of count, while, until");
            }
        }

        @Override
        public List<Action> children() {
            return actions;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.repeat(this);
        }

        @Override
        public String toString() {
            return "repeat " + (count.isPresent() ? count.getAsInt() + " times"
                    : !whileAll.isEmpty() ? "while " + whileAll : "until " + untilAll);
        }
    }

    /** The actions start together; this action ends when all have ended. */
    record Parallel(List<Action> branches, RuleSource source) implements Action {
        public Parallel {
            branches = List.copyOf(branches);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            return branches;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.parallel(this);
        }

        @Override
        public String toString() {
            return "parallel " + branches.size() + " branches";
        }
    }

    /** Actions one after the other: a branch of {@link Parallel} with several steps. */
    record Sequence(List<Action> actions, RuleSource source) implements Action {
        public Sequence {
            actions = List.copyOf(actions);
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            return actions;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sequence(this);
        }

        @Override
        public String toString() {
            return "sequence of " + actions.size();
        }
    }

    enum NotifyChannel { LOG, WEBHOOK }

    /** A message (a template) to the log, or POSTed as JSON to a webhook {@code url}. */
    record Notify(NotifyChannel channel, String message, Optional<URI> url, RuleSource source) implements Action {
        public Notify {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(source, "source");
            if (channel == NotifyChannel.WEBHOOK && url.isEmpty()) {
                throw new IllegalArgumentException("a webhook needs a url");
            }
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.notify(this);
        }

        @Override
        public String toString() {
            return "notify " + channel.name().toLowerCase(java.util.Locale.ROOT) + url.map(u -> " " + u).orElse("");
        }
    }

    /** Enable or disable another rule (or this one). */
    record SetEnabled(String ruleId, boolean enabled, RuleSource source) implements Action {
        public SetEnabled {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.setEnabled(this);
        }

        @Override
        public String toString() {
            return (enabled ? "enable " : "disable ") + ruleId;
        }
    }

    /** Set run variables, seen by later actions as {@code vars.name}; values may be templates. */
    record Variables(ObjectNode values, RuleSource source) implements Action {
        public Variables {
            values = Objects.requireNonNull(values, "values").deepCopy();
            Objects.requireNonNull(source, "source");
        }

        @Override
        public List<Action> children() {
            return List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.variables(this);
        }

        @Override
        public ObjectNode values() {
            return values.deepCopy();
        }

        @Override
        public String toString() {
            return "variables " + values;
        }
    }
}
