package dev.hearth.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceMeta;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each built-in kind says about itself in its retained meta: read-only or settable attributes, commands with their arguments. */
class BuiltInMetaTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimulationContext context = new SimulationContext("tcp://127.0.0.1:1", scheduler, Clock.systemUTC());

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aCoffeeMachineBrewsCups() throws Exception {
        try (CoffeeMachine coffee = new CoffeeMachine("coffee-1", "p", context)) {
            DeviceMeta meta = coffee.meta();

            assertThat(json(meta)).isEqualTo("{\"type\":\"coffee-machine\",\"attributes\":{\"status\":{\"type\":\"string\"}},"
                    + "\"commands\":[{\"name\":\"brew\",\"args\":{\"cups\":{\"type\":\"integer\"}}}]}");
            assertThat(DeviceMeta.parse(meta.toBytes())).isEqualTo(meta);
        }
    }

    @Test
    void aThermostatsTargetIsSettableAndItsTemperatureIsNot() throws Exception {
        try (Thermostat thermostat = new Thermostat("thermo-1", "p", context)) {
            DeviceMeta meta = thermostat.meta();

            assertThat(meta.attributes()).containsExactly(
                    Map.entry(Thermostat.TEMPERATURE, AttributeMeta.of(AttributeType.NUMBER, "°C")),
                    Map.entry(Thermostat.TARGET, AttributeMeta.settable(AttributeType.NUMBER, "°C")));
            assertThat(meta.commandDetails()).containsExactly(
                    CommandMeta.of(Thermostat.SET_TARGET, Map.of("value", AttributeMeta.of(AttributeType.NUMBER, "°C"))));
            assertThat(DeviceMeta.parse(meta.toBytes())).isEqualTo(meta);
        }
    }

    @Test
    void sensorsAndTheBedAreReadOnlyWithoutCommands() throws Exception {
        try (Bed bed = new Bed("bed-1", "p", context);
             MotionSensor motion = new MotionSensor("motion-1", "p", context, Map.of());
             DoorContact door = new DoorContact("door-1", "p", context, Map.of())) {
            for (DeviceMeta meta : new DeviceMeta[] {bed.meta(), motion.meta(), door.meta()}) {
                assertThat(meta.attributes().values()).isNotEmpty().noneMatch(AttributeMeta::settable);
                assertThat(meta.commandDetails()).isEmpty();
            }
        }
    }

    @Test
    void aGenericDeviceSaysWhatTheScenarioDeclares() throws Exception {
        var scenario = new ScenarioLoader().parse("generic.yaml", """
                name: fan
                devices:
                  - id: fan-1
                    kind: generic
                    password: p
                    type: fan
                    attributes:
                      speed: { type: integer, unit: rpm, settable: true, constant: 0 }
                      power: { type: number, unit: W, constant: 0 }
                    commands:
                      - spin
                      - { name: set-speed, args: { speed: { type: integer, unit: rpm }, ramp: { type: boolean } } }
                steps: []
                """);
        try (GenericDevice fan = (GenericDevice) scenario.devices().get(0).create(context)) {
            DeviceMeta meta = fan.meta();

            assertThat(meta.attributes()).containsExactly(
                    Map.entry("speed", AttributeMeta.settable(AttributeType.INTEGER, "rpm")),
                    Map.entry("power", AttributeMeta.of(AttributeType.NUMBER, "W")));
            Map<String, AttributeMeta> args = new LinkedHashMap<>();
            args.put("speed", AttributeMeta.of(AttributeType.INTEGER, "rpm"));
            args.put("ramp", AttributeMeta.of(AttributeType.BOOLEAN));
            assertThat(meta.commandDetails()).containsExactly(CommandMeta.of("spin"), CommandMeta.of("set-speed", args));
            assertThat(meta.command("set-speed").orElseThrow().args().keySet()).containsExactly("speed", "ramp");
            assertThat(DeviceMeta.parse(meta.toBytes())).isEqualTo(meta);
        }
    }

    private static String json(DeviceMeta meta) {
        return new String(meta.toBytes(), StandardCharsets.UTF_8);
    }
}
