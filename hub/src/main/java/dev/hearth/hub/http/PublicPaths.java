package dev.hearth.hub.http;

import java.util.regex.Pattern;

/**
 * Which requests need no token. Deny by default: only an exact, canonical path may be public,
 * so no spelling of a protected path ({@code /metrics/}, {@code //metrics}, {@code /metrics;x},
 * {@code /%6detrics}, {@code /api/../metrics}) can pass for a public one, whatever the router
 * makes of it. Matching on the router's view instead is what let {@code /metrics/} through: the
 * filter's pattern said {@code /metrics}, the router served {@code /metrics/} all the same.
 */
final class PublicPaths {
    /**
     * Segments of letters, digits and {@code . _ ~ -}, none starting with a dot: nothing
     * percent-encoded, no empty, dot or dot-dot segment, no parameters, no trailing slash.
     */
    private static final Pattern CANONICAL = Pattern.compile("/|(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");
    /** Where the dashboard's files are on the classpath (Hub's static-resources mapping). */
    private static final String STATIC_ROOT = "public";

    private PublicPaths() {
    }

    /** {@code rawPath}: the request's path as sent, not decoded. */
    static boolean isPublic(String rawPath) {
        if (rawPath == null || !CANONICAL.matcher(rawPath).matches()) {
            return false;
        }
        if (rawPath.equals("/health") || rawPath.startsWith("/health/") || rawPath.equals("/openapi.yml")) {
            return true;
        }
        if (under(rawPath, "/api") || under(rawPath, "/metrics")) {
            return false; // never a static file, whatever the classpath holds
        }
        return rawPath.equals("/") || PublicPaths.class.getClassLoader().getResource(STATIC_ROOT + rawPath) != null;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
