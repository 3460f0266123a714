package dev.hearth.cli;

import dev.hearth.hub.config.ConfigException;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.config.HubConfigLoader;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.load.Credentials;
import dev.hearth.simulator.load.CredentialsFile;
import dev.hearth.simulator.load.LoadOptions;
import dev.hearth.simulator.load.LoadProtocol;
import dev.hearth.simulator.load.LoadReport;
import dev.hearth.simulator.load.LoadRunner;
import dev.hearth.simulator.load.ReactionProbe;
import dev.hearth.simulator.scenario.Scenario;
import dev.hearth.simulator.scenario.ScenarioLoadException;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.simulator.scenario.ScenarioReport;
import dev.hearth.simulator.scenario.ScenarioRunner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run a scenario of simulated devices against a running hub; exit 1 if an expectation fails.",
                "With --load: connect many devices and publish telemetry at a rate (with --protocol, each native"
                        + " firmware's own readings), then print sent, acknowledged, lost and latency (publish to PUBACK).",
                "With --reaction: the --trigger device reports occupant asleep then awake, again and again, and the"
                        + " time until the --target device receives brew is printed (needs a rule like"
                        + " deploy/bench/rules/reaction.yaml)."})
final class SimulateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", arity = "0..1", description = "The scenario YAML file (not with --load).")
    Path scenarioFile;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = HearthCommand.DEFAULT_CONFIG,
            description = "The hub's configuration, to find its MQTT and HTTP listeners (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--broker", paramLabel = "URI", description = "The broker to use instead, e.g. tcp://127.0.0.1:1883.")
    String broker;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:HEARTH_TOKEN}",
            description = "An API token for `expect: { api: ... }` steps (default: $HEARTH_TOKEN).")
    String token;

    @Option(names = "--load", description = "Load mode.")
    boolean load;
    @Option(names = "--devices", paramLabel = "N",
            description = "With --load: how many of the --credentials devices to connect (default: all of them).")
    Integer devices;
    @Option(names = "--rate", defaultValue = "1000", paramLabel = "MSGS_PER_S", description = "Total telemetry messages per second.")
    double rate;
    @Option(names = "--qos", defaultValue = "1", paramLabel = "Q")
    int qos;
    @Option(names = "--duration", defaultValue = "10s", paramLabel = "D")
    String duration;
    @Option(names = "--ramp-up", defaultValue = "2s", paramLabel = "D")
    String rampUp;
    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Device ids and passwords, as written by `hearth devices generate`.")
    Path credentials;
    @Option(names = "--protocol", defaultValue = "hearth", paramLabel = "P",
            description = "With --load: the logins of --credentials that speak it, each publishing its firmware's readings:"
                    + " hearth (telemetry, the default), tasmota (tele/<topic>/SENSOR), zigbee2mqtt (<base>/<name> through"
                    + " the bridges), shelly (<prefix>/status/switch:0) or ha-discovery (ESPHome <node>/sensor/<obj>/state).")
    String protocol;
    @Option(names = "--json", description = "Print the load or reaction summary as one JSON line.")
    boolean json;

    @Option(names = "--reaction", description = "Reaction latency mode.")
    boolean reaction;
    @Option(names = "--trigger", paramLabel = "ID", description = "With --reaction: the device that reports (in --credentials).")
    String trigger;
    @Option(names = "--target", paramLabel = "ID", description = "With --reaction: the device that receives brew (in --credentials).")
    String target;
    @Option(names = "--rounds", defaultValue = "200", paramLabel = "N", description = "With --reaction: how many times.")
    int rounds;
    @Option(names = "--pause", defaultValue = "50ms", paramLabel = "D", description = "With --reaction: between rounds.")
    String pause;

    @Override
    public Integer call() {
        try {
            HubConfig hub = broker == null || (!load && token != null) ? HubConfigLoader.load(config) : null;
            String serverUri = broker != null ? broker : "tcp://" + loopbackFor(hub.mqtt().host()) + ":" + hub.mqtt().port();
            if (reaction) {
                return runReaction(serverUri);
            }
            return load ? runLoad(serverUri) : runScenario(serverUri, hub);
        } catch (ScenarioLoadException | ConfigException | IllegalArgumentException e) {
            System.err.println("hearth: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int runScenario(String serverUri, HubConfig hub) throws ScenarioLoadException {
        if (scenarioFile == null) {
            throw new IllegalArgumentException("give a SCENARIO file, or --load");
        }
        Scenario scenario = new ScenarioLoader().load(scenarioFile);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try {
            ScenarioRunner runner = new ScenarioRunner(serverUri, scheduler, Clock.systemDefaultZone());
            if (hub != null && token != null) {
                runner = runner.withHubApi(URI.create("http://" + loopbackFor(hub.http().host()) + ":" + hub.http().port()), token);
            }
            ScenarioReport report = runner.run(scenario);
            System.out.println(report.summary());
            return report.passed() ? 0 : 1;
        } finally {
            scheduler.shutdownNow();
        }
    }

    private int runLoad(String serverUri) throws ScenarioLoadException {
        List<Credentials> known = knownCredentials("--load");
        LoadProtocol speaks = LoadProtocol.fromName(protocol);
        int available = Credentials.devices(known, speaks);
        String generate = "hearth devices generate" + (speaks.isNative() ? " --protocol " + speaks.configName() : "");
        if (available == 0) {
            throw new IllegalArgumentException(credentials + " has no " + speaks.configName() + " devices; make a file with"
                    + " them: " + generate + " --count N --out FILE");
        }
        if (devices != null && devices > available) {
            throw new IllegalArgumentException("--devices " + devices + " asks for more devices than " + credentials + " has ("
                    + available + (speaks.isNative() ? " " + speaks.configName() : "") + "); make a file with enough: "
                    + generate + " --count " + devices + " --out FILE");
        }
        List<Credentials> logins = Credentials.select(known, speaks, Optional.ofNullable(devices));
        LoadOptions options = LoadOptions.of(serverUri, logins, rate, qos, parse("--duration", duration), parse("--ramp-up", rampUp));
        LoadReport report = new LoadRunner(options, System.err).run();
        System.out.println(json ? report.toJson() : report.summary());
        return report.succeeded() ? 0 : 1;
    }

    private int runReaction(String serverUri) throws ScenarioLoadException, InterruptedException {
        List<Credentials> known = knownCredentials("--reaction");
        if (trigger == null || target == null) {
            throw new IllegalArgumentException("--reaction needs --trigger ID and --target ID");
        }
        ReactionProbe probe = new ReactionProbe(serverUri, find(known, trigger), find(known, target), rounds,
                parse("--pause", pause), Duration.ofSeconds(5));
        ReactionProbe.Report report = probe.run();
        System.out.println(json ? report.toJson() : report.summary());
        return report.missed() == 0 ? 0 : 1;
    }

    private List<Credentials> knownCredentials(String mode) throws ScenarioLoadException {
        if (credentials == null) {
            throw new IllegalArgumentException(mode + " needs --credentials FILE (make one with: hearth devices generate"
                    + " --count N --out FILE)");
        }
        return CredentialsFile.read(credentials);
    }

    private Credentials find(List<Credentials> known, String deviceId) {
        return known.stream().filter(c -> c.deviceId().equals(deviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("device '" + deviceId + "' is not in " + credentials));
    }

    private static Duration parse(String option, String text) {
        return Durations.parse(text.trim()).orElseThrow(() -> new IllegalArgumentException(option + " '" + text
                + "': expected a duration such as " + Durations.EXAMPLES));
    }

    /** A hub listening on all interfaces is reached on loopback from here. */
    private static String loopbackFor(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    }
}
