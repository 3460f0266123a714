package dev.hearth.cli;

import dev.hearth.hub.Hub;
import dev.hearth.hub.HubStartException;
import dev.hearth.hub.config.ConfigException;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.config.HubConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "Run the hub: embedded MQTT broker, rules engine and HTTP API, until SIGTERM or Ctrl-C.")
final class HubCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = HearthCommand.DEFAULT_CONFIG,
            description = "Hub configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        long startNanos = System.nanoTime();
        Hub hub;
        try {
            HubConfig hubConfig = HubConfigLoader.load(config);
            hub = Hub.start(hubConfig, Clock.systemDefaultZone());
        } catch (ConfigException | HubStartException e) {
            System.err.println("hearth: " + e.getMessage());
            // A half-started broker leaves non-daemon threads behind (STACK.md trap 5): leave now.
            System.exit(1);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Hearth hub stopping...");
            hub.close();
            System.out.println("Hearth hub stopped");
            stopped.countDown();
        }, "hub-shutdown"));
        System.out.printf("Hearth hub ready in %d ms: MQTT on port %d%s, HTTP on port %d%n",
                (System.nanoTime() - startNanos) / 1_000_000, hub.mqttPort(),
                hub.mqttTlsPort() == 0 ? "" : " (TLS on " + hub.mqttTlsPort() + ")", hub.httpPort());
        stopped.await();
        return 0;
    }
}
