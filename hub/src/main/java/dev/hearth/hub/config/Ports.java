package dev.hearth.hub.config;

final class Ports {
    private Ports() {
    }

    static void require(int port, String key) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(key + " must be between 0 and 65535, got " + port);
        }
    }
}
