package dev.hearth.device.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with Nagle's algorithm off. Without it a QoS 1 publish waits for the
 * delayed ACK of the previous one: ~23 ms per message instead of well under 1 ms (STACK.md).
 */
final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();
    private volatile Socket last;

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

    /** Closes the newest socket under the client's feet: how tests cut the power. */
    void closeLastSocket() {
        Socket socket = last;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    private Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        last = socket;
        return socket;
    }
}
