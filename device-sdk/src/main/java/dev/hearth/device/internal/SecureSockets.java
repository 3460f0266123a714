package dev.hearth.device.internal;

import dev.hearth.device.HearthDeviceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS sockets from the configured trust and key stores, with Nagle off for the same reason as
 * {@link dev.hearth.device.NoDelaySocketFactory}. Paho creates the socket unconnected and connects it itself, then
 * does the handshake (and the host name check) on it.
 */
final class SecureSockets extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    private SecureSockets(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    static SecureSockets from(TlsSettings tls) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.trustStore().isPresent() ? load(tls.trustStore().get()) : null);
            KeyManagerFactory keys = null;
            if (tls.keyStore().isPresent()) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(tls.keyStore().get()), tls.keyStore().get().password().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new SecureSockets(context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new HearthDeviceException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(TlsSettings.KeyStoreFile file) throws GeneralSecurityException, IOException {
        try {
            return KeyStore.getInstance(file.path().toFile(), file.password().toCharArray());
        } catch (IOException e) {
            throw new IOException("cannot read key store " + file.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return noDelay(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
