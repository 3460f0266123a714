package dev.hearth.hub.cli;

import dev.hearth.hub.config.ConfigException;
import dev.hearth.hub.config.HubConfigLoader;
import dev.hearth.hub.config.MqttSettings;
import dev.hearth.simulator.scenario.Scenario;
import dev.hearth.simulator.scenario.ScenarioLoadException;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.simulator.scenario.ScenarioReport;
import dev.hearth.simulator.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a scenario of simulated devices against a running hub; exit 1 if an expectation fails.")
final class SimulateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "The scenario YAML file.")
    Path scenarioFile;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = HearthCommand.DEFAULT_CONFIG,
            description = "The hub's configuration, to find its MQTT listener (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--broker", paramLabel = "URI", description = "The broker to use instead, e.g. tcp://127.0.0.1:1883.")
    String broker;

    @Override
    public Integer call() {
        Scenario scenario;
        String serverUri;
        try {
            scenario = new ScenarioLoader().load(scenarioFile);
            serverUri = broker != null ? broker : brokerOf(HubConfigLoader.load(config).mqtt());
        } catch (ScenarioLoadException | ConfigException e) {
            System.err.println("hearth: " + e.getMessage());
            return 1;
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try {
            ScenarioReport report = new ScenarioRunner(serverUri, scheduler, Clock.systemDefaultZone()).run(scenario);
            System.out.println(report.summary());
            return report.passed() ? 0 : 1;
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A hub listening on all interfaces is reached on loopback from here. */
    private static String brokerOf(MqttSettings mqtt) {
        String host = "0.0.0.0".equals(mqtt.host()) || "::".equals(mqtt.host()) ? "127.0.0.1" : mqtt.host();
        return "tcp://" + host + ":" + mqtt.port();
    }
}
