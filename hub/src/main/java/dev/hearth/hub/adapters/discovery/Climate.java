package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A climate's topics (a thermostat, an air conditioner), Home Assistant's defaults filled in: {@code modes}
 * {@code [auto, off, cool, heat, dry, fan_only]}, {@code min_temp} 7, {@code max_temp} 35, {@code temp_step} 1.
 *
 * @param unit {@code °C} or {@code °F} from {@code temperature_unit}; empty when it leaves it to Home Assistant's system
 */
public record Climate(Optional<StateTopic> currentTemperature, Optional<StateTopic> targetTemperature,
                      Optional<StateTopic> mode, Optional<StateTopic> action, Optional<String> temperatureCommandTopic,
                      Optional<String> modeCommandTopic, List<String> modes, double minTemp, double maxTemp, double tempStep,
                      Optional<String> unit) {
    public static final String SET_TEMPERATURE = "set_temperature";
    public static final String SET_MODE = "set_mode";
    /** Home Assistant's HVAC actions, the only words an action topic may say. */
    static final List<String> ACTIONS = List.of("off", "preheating", "defrosting", "heating", "cooling", "drying", "idle", "fan");
    private static final List<String> DEFAULT_MODES = List.of("auto", "off", "cool", "heat", "dry", "fan_only");

    public Climate {
        modes = List.copyOf(modes);
    }

    static Climate read(String configTopic, ObjectNode config) throws ConfigRefused {
        double min = number(configTopic, config, "min_temp", 7);
        double max = number(configTopic, config, "max_temp", 35);
        double step = number(configTopic, config, "temp_step", 1);
        if (min > max || step <= 0) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": min_temp " + min + " is above max_temp " + max
                    + " or temp_step " + step + " is not above 0");
        }
        Optional<String> unit = ConfigReader.optionalText(config, "temperature_unit").map(letter -> "°" + letter);
        if (unit.isPresent() && !List.of("°C", "°F").contains(unit.get())) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": temperature_unit is C or F, not '"
                    + config.get("temperature_unit").asText() + "'");
        }
        return new Climate(topic(configTopic, config, "current_temperature_topic", "current_temperature_template"),
                topic(configTopic, config, "temperature_state_topic", "temperature_state_template"),
                topic(configTopic, config, "mode_state_topic", "mode_state_template"),
                topic(configTopic, config, "action_topic", "action_template"),
                ConfigReader.optionalText(config, "temperature_command_topic"),
                ConfigReader.optionalText(config, "mode_command_topic"), modes(configTopic, config), min, max, step, unit);
    }

    /** Every topic it reads, to register. */
    List<StateTopic> stateTopics() {
        List<StateTopic> topics = new ArrayList<>();
        currentTemperature.ifPresent(topics::add);
        targetTemperature.ifPresent(topics::add);
        mode.ifPresent(topics::add);
        action.ifPresent(topics::add);
        return topics;
    }

    private static Optional<StateTopic> topic(String configTopic, ObjectNode config, String topic, String template)
            throws ConfigRefused {
        Optional<String> name = ConfigReader.optionalText(config, topic);
        return name.isEmpty() ? Optional.empty()
                : Optional.of(new StateTopic(name.get(), ConfigReader.template(configTopic, config, template)));
    }

    private static double number(String configTopic, ObjectNode config, String field, double fallback) throws ConfigRefused {
        JsonNode value = config.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": " + field + " is a number, not " + value);
        }
        return value.doubleValue();
    }

    private static List<String> modes(String configTopic, ObjectNode config) throws ConfigRefused {
        JsonNode modes = config.path("modes");
        if (modes.isMissingNode() || modes.isNull()) {
            return DEFAULT_MODES;
        }
        List<String> out = ConfigReader.texts(modes);
        if (out.isEmpty()) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": modes is a list of texts, not " + modes);
        }
        return out;
    }
}
