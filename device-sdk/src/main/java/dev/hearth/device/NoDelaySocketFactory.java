package dev.hearth.device;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with Nagle's algorithm off. Without it a QoS 1 publish waits for the
 * delayed ACK of the previous one: ~23 ms per message instead of well under 1 ms (STACK.md).
 * The SDK's devices use it; it is public for Paho clients of one's own that need the same, such
 * as the simulator's load devices.
 */
public final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();
    private final Consumer<Socket> created;

    public NoDelaySocketFactory() {
        this(socket -> { });
    }

    /** {@code created} is given each socket made, e.g. to close it under the client's feet as a power cut would. */
    public NoDelaySocketFactory(Consumer<Socket> created) {
        this.created = Objects.requireNonNull(created, "created");
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }

    private Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        created.accept(socket);
        return socket;
    }
}
