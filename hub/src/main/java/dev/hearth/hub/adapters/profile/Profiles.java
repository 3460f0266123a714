package dev.hearth.hub.adapters.profile;

import dev.hearth.hub.adapters.Protocol;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.yaml.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The profiles shipped with the hub, one per native protocol, read at start. */
public final class Profiles {
    private Profiles() {
    }

    /** A profile that cannot be read; the message lists each problem as file:line:col. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Where the profile of {@code protocol} is, in the hub's jar. */
    public static String resource(Protocol protocol) {
        return "dev/hearth/hub/adapters/" + protocol.configName() + ".yaml";
    }

    /** Every native protocol's profile. */
    public static Map<Protocol, Profile> builtIn() {
        Map<Protocol, Profile> profiles = new EnumMap<>(Protocol.class);
        for (Protocol protocol : Protocol.values()) {
            if (protocol.hasProfile()) {
                profiles.put(protocol, load(resource(protocol), read(resource(protocol)), protocol));
            }
        }
        return profiles;
    }

    /** Reads one profile's text, named {@code source} in messages; it must be {@code protocol}'s. */
    public static Profile load(String source, String text, Protocol protocol) {
        Problems problems = new Problems(Path.of(source));
        Profile profile = ProfileReader.read(text, problems).orElse(null);
        if (profile != null && profile.protocol() != protocol) {
            throw new Invalid(source + ": the profile of " + profile.protocol().configName() + ", expected "
                    + protocol.configName() + "'s");
        }
        if (profile == null) {
            throw new Invalid(problems.errors().stream().map(LoadError::toString).collect(Collectors.joining("\n")));
        }
        return profile;
    }

    private static String read(String resource) {
        try (InputStream in = Profiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new Invalid(resource + ": not found in the hub's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
