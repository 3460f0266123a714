package dev.hearth.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of a test and the certificates it signs, made with openssl (as a Mosquitto user makes
 * them): PEM files, keys in PKCS#8 (openssl's default since 3.0). A server's certificate is for localhost and 127.0.0.1.
 */
final class TestCertificates {
    /** A certificate and its key. */
    record Signed(Path certificate, Path key) {
    }

    private final Path folder;
    private final String name;
    final Path ca;

    private TestCertificates(Path folder, String name) {
        this.folder = folder;
        this.name = name;
        this.ca = folder.resolve(name + ".crt");
    }

    static TestCertificates authority(Path folder, String name) throws Exception {
        Files.createDirectories(folder);
        TestCertificates authority = new TestCertificates(folder, name);
        openssl(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=" + name);
        return authority;
    }

    Signed server(String file) throws Exception {
        return sign(file, "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    }

    Signed client(String file, String commonName) throws Exception {
        return sign(file, commonName, "extendedKeyUsage=clientAuth\n");
    }

    private Signed sign(String file, String commonName, String extensions) throws Exception {
        Files.writeString(folder.resolve(file + ".ext"), extensions);
        openssl(folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", file + ".key", "-out", file + ".csr",
                "-subj", "/CN=" + commonName);
        openssl(folder, "x509", "-req", "-in", file + ".csr", "-CA", name + ".crt", "-CAkey", name + ".key",
                "-CAcreateserial", "-out", file + ".crt", "-days", "2", "-extfile", file + ".ext");
        return new Signed(folder.resolve(file + ".crt"), folder.resolve(file + ".key"));
    }

    private static void openssl(Path folder, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
