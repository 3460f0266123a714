package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.device.ReceivedCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides one expectation from what a run observed, and says it in a sentence. Shared by the live
 * and the virtual runner so the same scenario means the same thing on both. {@code slack} widens
 * an exact expectation's window on a live run (a hub and a broker take time); it is zero on
 * virtual time.
 */
final class ExpectationCheck {
    private final Step.Expectation expect;
    private final Instant start;
    private final Instant opens;
    private final Instant closes;

    ExpectationCheck(Step.Expectation expect, Instant start, Duration slack) {
        this.expect = expect;
        this.start = start;
        this.opens = start.plus(expect.at());
        this.closes = start.plus(expect.deadline()).plus(expect.exact() ? slack : Duration.ZERO);
    }

    Step.Expectation expectation() {
        return expect;
    }

    Instant opens() {
        return opens;
    }

    Instant closes() {
        return closes;
    }

    /** When it was met, if it was (so far). */
    Optional<Instant> met(Observations seen) {
        if (expect instanceof Step.ExpectCommand command) {
            return commandMatch(command, seen.commands(command.device())).map(ReceivedCommand::at);
        }
        if (expect instanceof Step.ExpectState state) {
            return valueMatch(state.equals(), seen.state(state.device(), state.attribute()));
        }
        Step.ExpectApi api = (Step.ExpectApi) expect;
        return seen.api(api.path(), api.pointer()).flatMap(values -> valueMatch(api.equals(), values));
    }

    /** The verdict once the window has closed (or earlier, when met). */
    ExpectationResult result(Observations seen) {
        Optional<Instant> when = met(seen);
        if (expect instanceof Step.ExpectApi api && seen.api(api.path(), api.pointer()).isEmpty()) {
            return new ExpectationResult(expect, ExpectationResult.Verdict.SKIPPED, "GET " + api.path() + " shows " + api.equals()
                    + " at " + api.pointer() + " " + expect.timing() + ": skipped, " + seen.whyNoApi(api.path()), List.of());
        }
        return new ExpectationResult(expect, when.isPresent(), when.isPresent() ? met(when.get(), seen) : missed(seen));
    }

    private String met(Instant when, Observations seen) {
        String at = " at " + Durations.format(Duration.between(start, when)) + " (" + expect.timing() + ")";
        if (expect instanceof Step.ExpectCommand command) {
            return command.device() + " received '" + command.command() + "'" + args(command) + at;
        }
        if (expect instanceof Step.ExpectState state) {
            return state.device() + " " + state.attribute() + " was " + state.equals() + at;
        }
        Step.ExpectApi api = (Step.ExpectApi) expect;
        return "GET " + api.path() + " showed " + api.equals() + " at " + api.pointer() + at;
    }

    private String missed(Observations seen) {
        if (expect instanceof Step.ExpectCommand command) {
            String sentence = command.device() + " did not receive '" + command.command() + "'" + args(command) + " " + expect.timing();
            List<ReceivedCommand> got = seen.commands(command.device());
            if (!got.isEmpty()) {
                sentence += " (it received " + got.stream()
                        .map(c -> "'" + c.name() + "' with " + c.args() + " at " + since(c.at()))
                        .collect(Collectors.joining(", ")) + ")";
            }
            return sentence;
        }
        if (expect instanceof Step.ExpectState state) {
            return state.device() + " " + state.attribute() + " was not " + state.equals() + " " + expect.timing()
                    + history(seen.state(state.device(), state.attribute()));
        }
        Step.ExpectApi api = (Step.ExpectApi) expect;
        return "GET " + api.path() + " did not show " + api.equals() + " at " + api.pointer() + " " + expect.timing()
                + history(seen.api(api.path(), api.pointer()).orElse(List.of()));
    }

    private static String args(Step.ExpectCommand command) {
        return command.args().map(a -> " with " + a).orElse("");
    }

    /** What the value was around the window: the one in force when it opened and those within it. */
    private String history(List<Observations.TimedValue> values) {
        List<Observations.TimedValue> relevant = values.stream()
                .filter(v -> !v.at().isAfter(closes))
                .filter(v -> !v.at().isBefore(opens) || v == inForce(values, opens).orElse(null))
                .toList();
        if (relevant.isEmpty()) {
            return " (nothing seen)";
        }
        return " (it was " + relevant.stream()
                .map(v -> v.note().orElse(v.value().isMissingNode() ? "absent" : v.value().toString()) + " from " + since(v.at()))
                .distinct()
                .collect(Collectors.joining(", ")) + ")";
    }

    private String since(Instant at) {
        return Durations.format(Duration.between(start, at));
    }

    private Optional<ReceivedCommand> commandMatch(Step.ExpectCommand command, List<ReceivedCommand> received) {
        return received.stream()
                .filter(c -> c.name().equals(command.command()))
                .filter(c -> !c.at().isBefore(opens) && !c.at().isAfter(closes))
                .filter(c -> command.args().map(wanted -> contains(c.args(), wanted)).orElse(true))
                .findFirst();
    }

    /** Met when the value in force as the window opens matches, or one set within the window does. */
    private Optional<Instant> valueMatch(JsonNode wanted, List<Observations.TimedValue> values) {
        Optional<Observations.TimedValue> atOpening = inForce(values, opens);
        if (atOpening.isPresent() && contains(atOpening.get().value(), wanted)) {
            return Optional.of(opens);
        }
        return values.stream()
                .filter(v -> v.at().isAfter(opens) && !v.at().isAfter(closes))
                .filter(v -> contains(v.value(), wanted))
                .map(Observations.TimedValue::at)
                .findFirst();
    }

    private static Optional<Observations.TimedValue> inForce(List<Observations.TimedValue> values, Instant at) {
        Observations.TimedValue last = null;
        for (Observations.TimedValue v : values) {
            if (v.at().isAfter(at)) {
                break;
            }
            last = v;
        }
        return Optional.ofNullable(last);
    }

    /** Whether {@code actual} has every field of {@code wanted}, recursively for objects; numbers compare by value. */
    static boolean contains(JsonNode actual, JsonNode wanted) {
        if (wanted instanceof ObjectNode wantedObject) {
            if (!(actual instanceof ObjectNode)) {
                return false;
            }
            return wantedObject.properties().stream()
                    .allMatch(field -> actual.has(field.getKey()) && contains(actual.get(field.getKey()), field.getValue()));
        }
        if (wanted.isNumber() && actual.isNumber()) {
            return wanted.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return wanted.equals(actual);
    }
}
