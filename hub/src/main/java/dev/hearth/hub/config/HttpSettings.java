package dev.hearth.hub.config;

/** The HTTP API listener. Port 0 picks a free port (tests). */
public record HttpSettings(String host, Integer port) {
    public static final int DEFAULT_PORT = 8080;

    public HttpSettings {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? DEFAULT_PORT : port;
        Ports.require(port, "http.port");
    }

    public static HttpSettings defaults() {
        return new HttpSettings(null, null);
    }
}
