import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceBuilder;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Raspberry Pi reporting its CPU temperature to a Hearth hub. Runs as is on Raspberry Pi OS
 * with OpenJDK 17 (see README.md beside this file):
 *
 * <pre>
 * HEARTH_URI=tcp://hub.local:1883 HEARTH_DEVICE_ID=pi-1 HEARTH_PASSWORD=secret java -cp 'lib/*' PiThermalDevice.java
 * </pre>
 *
 * Telemetry {@code {"cpu_celsius":47.2,"ts":...}} every {@code interval_s} seconds (default 10);
 * the command {@code set_interval {"seconds":N}} changes it (1-3600) and reports the new value as
 * state. Measurements taken while the hub is away are kept on disk and sent when it is back.
 */
public final class PiThermalDevice {
    /** The SoC's sensor on every Raspberry Pi; HEARTH_SENSOR for another board (or a test). */
    private static final Path SENSOR = Path.of(env("HEARTH_SENSOR", "/sys/class/thermal/thermal_zone0/temp"));

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private HearthDevice device;
    private ScheduledFuture<?> reading;

    public static void main(String[] args) throws InterruptedException {
        String id = env("HEARTH_DEVICE_ID", "pi-1");
        new PiThermalDevice().run(env("HEARTH_URI", "tcp://127.0.0.1:1883"), id, System.getenv("HEARTH_PASSWORD"),
                Path.of(env("HEARTH_BUFFER_DIR", System.getProperty("user.home") + "/.hearth/buffer/" + id)),
                Integer.parseInt(env("HEARTH_INTERVAL_S", "10")));
    }

    void run(String uri, String id, String password, Path bufferDir, int intervalSeconds) throws InterruptedException {
        HearthDeviceBuilder builder = HearthDevice.builder()
                .serverUri(uri)
                .deviceId(id)
                .meta(DeviceMeta.builder("pi-thermal")
                        .attribute("cpu_celsius", AttributeType.NUMBER, "°C")
                        .settableAttribute("interval_s", AttributeType.INTEGER, "s") // through set_interval
                        .command("set_interval", Map.of("seconds", AttributeMeta.of(AttributeType.INTEGER, "s")))
                        .build())
                .initialState(Map.of("interval_s", intervalSeconds))
                .storeAndForward(bufferDir) // survives the hub (or the Pi) restarting
                .reconnectDelay(Duration.ofSeconds(1), Duration.ofMinutes(1))
                .onCommand("set_interval", command -> {
                    int seconds = command.args().path("seconds").asInt(-1);
                    if (seconds < 1 || seconds > 3600) {
                        return CommandReply.failure("seconds must be 1-3600, was " + command.args().path("seconds"));
                    }
                    schedule(seconds);
                    device.reportState(Map.of("interval_s", seconds));
                    return CommandReply.success(null);
                })
                .onConnectionEvent(event -> System.err.println(event));
        if (password != null) {
            builder.password(password);
        }
        device = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            timer.shutdownNow();
            device.close(); // publishes offline; the buffer stays on disk for the next run
            stopped.countDown();
        }));
        device.connectInBackground(); // the Pi may well boot before the hub
        schedule(intervalSeconds);
        stopped.await();
    }

    private synchronized void schedule(int seconds) {
        if (reading != null) {
            reading.cancel(false);
        }
        reading = timer.scheduleAtFixedRate(this::report, 0, seconds, TimeUnit.SECONDS);
    }

    private void report() {
        try {
            // The kernel reports millidegrees Celsius, e.g. "47236".
            double celsius = Integer.parseInt(Files.readString(SENSOR).trim()) / 1000.0;
            device.sendTelemetry(Map.of("cpu_celsius", celsius));
        } catch (IOException | NumberFormatException e) {
            System.err.println("cannot read " + SENSOR + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
