package dev.hearth.hub.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * What the config names on this machine, checked before anything starts: listen addresses that
 * are this machine's, a data folder that is (or can be) a folder, a TLS keystore and a bridge's files that can be read.
 * Otherwise a bad value surfaces half-way through the start, as a stack trace after the broker is up.
 */
public final class StartupChecks {
    private StartupChecks() {
    }

    /** Throws one {@link ConfigException} listing every problem, each naming the file and the key. */
    public static void require(HubConfig config) {
        List<String> problems = new ArrayList<>();
        localAddress(config.mqtt().host(), "mqtt.host", problems);
        localAddress(config.http().host(), "http.host", problems);
        if (Files.exists(config.dataDir()) && !Files.isDirectory(config.dataDir())) {
            problems.add("at 'data-dir': " + config.dataDir() + " is a file; expected a folder (or a path where one can be made)");
        }
        config.mqtt().tls().ifPresent(tls -> {
            if (!Files.isReadable(tls.keystore())) {
                problems.add("at 'mqtt.tls.keystore': " + tls.keystore() + " not found or not readable");
            }
        });
        for (int i = 0; i < config.bridges().size(); i++) {
            for (BridgeSettings.Named file : config.bridges().get(i).files()) {
                if (!Files.isReadable(file.file())) {
                    problems.add("at 'bridges[" + i + "]." + file.key() + "': " + file.file() + " not found or not readable");
                }
            }
        }
        if (!problems.isEmpty()) {
            String where = config.file() == null ? "config" : config.file().toString();
            throw new ConfigException(where + ": " + String.join("; ", problems));
        }
    }

    private static void localAddress(String host, String key, List<String> problems) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                problems.add("at '" + key + "': " + host + " is not an address of this machine");
            }
        } catch (UnknownHostException e) {
            problems.add("at '" + key + "': unknown host '" + host + "'; expected an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        } catch (SocketException e) {
            problems.add("at '" + key + "': cannot check " + host + ": " + e.getMessage());
        }
    }
}
