package dev.hearth.device.internal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Key material for {@code ssl://} brokers; empty trust store: the JVM's default CAs. */
public record TlsSettings(Optional<KeyStoreFile> trustStore, Optional<KeyStoreFile> keyStore) {
    public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), Optional.empty());

    public TlsSettings {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
    }

    /** A PKCS12 or JKS file (the type is detected) and its password. */
    public record KeyStoreFile(Path path, String password) {
        public KeyStoreFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "KeyStoreFile[" + path + "]"; // never the password
        }
    }
}
