package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.CommandRefused;
import dev.hearth.rules.CommandRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A climate in Hearth: {@code thermostat} is its mode (one of its {@code modes}, as Home Assistant's state of a
 * climate is), {@code thermostat_current_temperature} what it measures, {@code thermostat_target_temperature} what it
 * aims at, {@code thermostat_action} what it does ({@code heating}, {@code idle}, ...); {@code set_temperature} takes
 * {@code temperature} (within {@code min_temp}..{@code max_temp}, a multiple of {@code temp_step}), {@code set_mode}
 * {@code mode}, one of its modes.
 */
final class ClimateValues {
    static final String CURRENT = "_current_temperature";
    static final String TARGET = "_target_temperature";
    static final String ACTION = "_action";

    private ClimateValues() {
    }

    static List<String> attributes(Climate climate, String attribute) {
        List<String> out = new ArrayList<>();
        climate.mode().ifPresent(topic -> out.add(attribute));
        climate.currentTemperature().ifPresent(topic -> out.add(attribute + CURRENT));
        climate.targetTemperature().ifPresent(topic -> out.add(attribute + TARGET));
        climate.action().ifPresent(topic -> out.add(attribute + ACTION));
        return out;
    }

    static void describe(Climate climate, String attribute, ObjectNode attributes) {
        climate.mode().ifPresent(topic -> attributes.set(attribute, EntityValues.attributeMeta("string", Optional.empty(),
                climate.modeCommandTopic().isPresent())));
        climate.currentTemperature().ifPresent(topic -> attributes.set(attribute + CURRENT,
                EntityValues.attributeMeta("number", climate.unit(), false)));
        climate.targetTemperature().ifPresent(topic -> attributes.set(attribute + TARGET,
                EntityValues.attributeMeta("number", climate.unit(), climate.temperatureCommandTopic().isPresent())));
        climate.action().ifPresent(topic -> attributes.set(attribute + ACTION,
                EntityValues.attributeMeta("string", Optional.empty(), false)));
    }

    static boolean takes(Climate climate, String command) {
        return switch (command) {
            case Climate.SET_TEMPERATURE -> climate.temperatureCommandTopic().isPresent();
            case Climate.SET_MODE -> climate.modeCommandTopic().isPresent();
            default -> false;
        };
    }

    /** Each of its values that {@code topic} carries: one topic may carry several, each read by its own template. */
    static void read(Climate climate, String attribute, String topic, byte[] payload, ObjectNode out)
            throws EntityValues.Unreadable {
        Optional<JsonNode> mode = value(climate.mode(), topic, payload);
        if (mode.isPresent()) {
            out.put(attribute, oneOf(topic, mode.get().asText(), climate.modes(), "modes"));
        }
        Optional<JsonNode> current = value(climate.currentTemperature(), topic, payload);
        if (current.isPresent()) {
            out.set(attribute + CURRENT, EntityValues.number(topic, current.get()));
        }
        Optional<JsonNode> target = value(climate.targetTemperature(), topic, payload);
        if (target.isPresent()) {
            out.set(attribute + TARGET, EntityValues.number(topic, target.get()));
        }
        Optional<JsonNode> action = value(climate.action(), topic, payload);
        if (action.isPresent()) {
            out.put(attribute + ACTION, oneOf(topic, action.get().asText(), Climate.ACTIONS, "actions"));
        }
    }

    private static Optional<JsonNode> value(Optional<StateTopic> source, String topic, byte[] payload)
            throws EntityValues.Unreadable {
        return source.isPresent() && source.get().topic().equals(topic)
                ? EntityValues.value(source.get().template(), topic, payload) : Optional.empty();
    }

    private static String oneOf(String topic, String word, List<String> words, String what) throws EntityValues.Unreadable {
        if (!words.contains(word)) {
            throw new EntityValues.Unreadable(topic + ": '" + word + "' is none of the " + what + " " + words);
        }
        return word;
    }

    static EntityValues.Command command(CommandRequest request, Climate climate, String attribute) throws CommandRefused {
        if (request.command().equals(Climate.SET_MODE)) {
            JsonNode mode = request.args().path("mode");
            if (!mode.isTextual() || !climate.modes().contains(mode.textValue())) {
                throw new CommandRefused(request.deviceId() + ": set_mode needs argument 'mode', one of " + climate.modes()
                        + ", got " + mode);
            }
            return EntityValues.Command.confirmedBy(climate.modeCommandTopic().orElseThrow(), mode.textValue(),
                    climate.mode().isPresent() ? Set.of(attribute) : Set.of(), request.command());
        }
        JsonNode temperature = request.args().path("temperature");
        if (!temperature.isNumber() || temperature.doubleValue() < climate.minTemp() || temperature.doubleValue() > climate.maxTemp()
                || temperature.decimalValue().remainder(BigDecimal.valueOf(climate.tempStep())).signum() != 0) {
            throw new CommandRefused(request.deviceId() + ": set_temperature needs argument 'temperature', a number from "
                    + EntityValues.numberText(climate.minTemp()) + " to " + EntityValues.numberText(climate.maxTemp())
                    + " in steps of " + EntityValues.numberText(climate.tempStep()) + ", got " + temperature);
        }
        return EntityValues.Command.confirmedBy(climate.temperatureCommandTopic().orElseThrow(),
                EntityValues.numberText(temperature.doubleValue()),
                climate.targetTemperature().isPresent() ? Set.of(attribute + TARGET) : Set.of(), request.command());
    }
}
