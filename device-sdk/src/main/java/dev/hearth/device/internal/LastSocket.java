package dev.hearth.device.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.function.Consumer;

/** The newest socket a device's factory made, so that tests can cut the power ({@link PahoHearthDevice#severConnection}). */
final class LastSocket implements Consumer<Socket> {
    private volatile Socket last;

    @Override
    public void accept(Socket socket) {
        last = socket;
    }

    /** Closes the newest socket under the client's feet: no DISCONNECT goes out. */
    void close() {
        Socket socket = last;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }
}
