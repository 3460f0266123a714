package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The HTTP API listener. Port 0 picks a free port (tests). */
public record HttpSettings(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpSettings {
        Ports.require(port, "http.port");
    }

    /** As written in the config; a key left out (null) takes its default. */
    @JsonCreator
    public static HttpSettings of(@JsonProperty("host") String host, @JsonProperty("port") Integer port) {
        return new HttpSettings(host == null ? DEFAULT_HOST : host, port == null ? DEFAULT_PORT : port);
    }

    public static HttpSettings defaults() {
        return of(null, null);
    }
}
