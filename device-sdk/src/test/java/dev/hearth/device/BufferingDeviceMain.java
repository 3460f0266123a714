package dev.hearth.device;

import dev.hearth.device.testing.TestBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Run as a separate JVM by {@link StoreAndForwardIT}: buffers {@code count} messages for a hub it
 * cannot reach, says {@link #READY}, and waits to be killed.
 */
public final class BufferingDeviceMain {
    static final String ID = "meter-k";
    static final String READY = "buffered";

    private BufferingDeviceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        HearthDevice device = HearthDevice.builder()
                .serverUri("tcp://127.0.0.1:" + TestBroker.freeLocalPort())
                .deviceId(ID)
                .storeAndForward(Path.of(args[0]))
                .build();
        int count = Integer.parseInt(args[1]);
        for (int n = 1; n <= count; n++) {
            device.sendTelemetry(Map.of("n", n));
        }
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
