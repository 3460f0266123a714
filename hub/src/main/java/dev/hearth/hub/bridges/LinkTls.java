package dev.hearth.hub.bridges;

import dev.hearth.hub.config.BridgeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of an {@code mqtts://} bridge from the PEM files Mosquitto users have: the CA that signed the broker's
 * certificate ({@code ca-file}; the JVM's CAs when left out) and, optionally, a client certificate and its PKCS#8 key.
 */
final class LinkTls {
    private static final char[] IN_MEMORY = "hearth".toCharArray();

    private LinkTls() {
    }

    /** Empty for a plain {@code mqtt://} bridge; throws {@link IllegalArgumentException} naming the file at fault. */
    static Optional<SSLSocketFactory> socketFactory(BridgeSettings bridge) {
        if (!bridge.tls()) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (bridge.caFile().isPresent()) {
                KeyStore cas = emptyStore();
                List<Certificate> certificates = certificates(bridge.caFile().get());
                for (int i = 0; i < certificates.size(); i++) {
                    cas.setCertificateEntry("ca-" + i, certificates.get(i));
                }
                trust.init(cas);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (bridge.clientCertFile().isPresent()) {
                KeyStore own = emptyStore();
                own.setKeyEntry("client", privateKey(bridge.clientKeyFile().orElseThrow()), IN_MEMORY,
                        certificates(bridge.clientCertFile().get()).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return Optional.of(context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("bridge '" + bridge.id() + "': cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> certificates(Path pem) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            return List.copyOf(read);
        }
    }

    /** A PKCS#8 PEM key (openssl's default since 3.0), RSA or EC. */
    private static PrivateKey privateKey(Path pem) throws GeneralSecurityException, IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert it with:"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + pem.getFileName() + " -out client.pk8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException notThisOne) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException(pem + ": a key neither RSA, EC nor Ed25519");
    }
}
