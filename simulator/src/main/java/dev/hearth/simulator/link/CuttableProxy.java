package dev.hearth.simulator.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay between one device and the broker, so a test can pull the cable. The
 * device SDK offers no hook to kill its socket, and {@code close()} is a polite goodbye; cutting
 * the relay is what a power cut or a Wi-Fi drop looks like to both ends: no DISCONNECT, so the
 * broker publishes the device's last will, and the device's own reconnect logic has to work.
 */
final class CuttableProxy implements NetworkFaults, AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    CuttableProxy(String targetHost, int targetPort, String name) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a relay for " + name, e);
        }
        daemon(this::acceptLoop, "hearth-sim-relay-" + name).start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void cut() {
        down = true;
        open.forEach(CuttableProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void restore() {
        down = false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        cut();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket device;
            try {
                device = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (down) {
                closeQuietly(device); // the network is out: the device's connect attempt fails
                continue;
            }
            try {
                Socket broker = new Socket(targetHost, targetPort);
                broker.setTcpNoDelay(true);
                device.setTcpNoDelay(true);
                open.add(device);
                open.add(broker);
                daemon(() -> pump(device, broker), "hearth-sim-relay-up").start();
                daemon(() -> pump(broker, device), "hearth-sim-relay-down").start();
            } catch (IOException e) {
                closeQuietly(device); // broker unreachable: the device sees what it would see directly
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // either side went away: take the other down with it, as a real network would
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
