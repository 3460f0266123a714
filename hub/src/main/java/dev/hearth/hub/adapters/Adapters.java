package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.profile.Profile;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.hub.commands.CommandDispatcher;
import dev.hearth.rules.CommandRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The hub's adapters: every login of hearth.yml that speaks a native protocol, each with its
 * protocol's profile. Between the broker and the state store: the broker hands over a native
 * login's publishes, this says which device events they are (and the hub applies them as it applies
 * a Hearth device's messages); a command for a native device goes out as its protocol wants it.
 */
public final class Adapters {
    /** The meta field that says where a translated device comes from: {@code {"protocol","login","name","address"}}. */
    public static final String ORIGIN_FIELD = "origin";

    private final Map<String, NativeSession> sessions = new LinkedHashMap<>();
    private final DeviceIndex index;

    /**
     * @param otherDevice whether an id belongs to a device of the config or the database: a bridge never
     *                    speaks for one (its logins included, which are claimed by their own sessions first)
     */
    public Adapters(List<NativeLogin> logins, Map<Protocol, Profile> profiles, Predicate<String> otherDevice, Clock clock) {
        this.index = new DeviceIndex(otherDevice);
        for (NativeLogin login : logins) {
            if (login.protocol() == Protocol.HA_DISCOVERY) {
                sessions.put(login.id(), new DiscoverySession(login, index, clock));
                continue;
            }
            Profile profile = profiles.get(login.protocol());
            if (profile == null) {
                throw new IllegalArgumentException("no profile for protocol " + login.protocol().configName());
            }
            sessions.put(login.id(), new LoginSession(login, profile, index, clock));
        }
    }

    /** No native logins. */
    public static Adapters none() {
        return new Adapters(List.of(), Map.of(), id -> false, Clock.systemUTC());
    }

    public Optional<NativeAccess> access(String loginId) {
        NativeSession session = sessions.get(loginId);
        return session == null ? Optional.empty() : Optional.of(session.access());
    }

    /** One publish of a native login. */
    public Reading take(String loginId, String topic, byte[] payload) {
        NativeSession session = sessions.get(loginId);
        return session == null ? new Reading.Outside() : session.take(topic, payload);
    }

    /** A connection of the login opened ({@code up}) or its last one closed: a bridge's devices come and go with it. */
    public List<DeviceEvent> connected(String loginId, boolean up) {
        NativeSession session = sessions.get(loginId);
        return session == null ? List.of() : session.connected(up);
    }

    /** The metas of the native devices known at start, for the store (and the rules' checks) before any speaks. */
    public List<DeviceEvent> declared() {
        List<DeviceEvent> events = new ArrayList<>();
        sessions.values().forEach(session -> events.addAll(session.declared()));
        return events;
    }

    /**
     * A device stored by an earlier run: one a bridge spoke for is spoken for again (its meta says by whom), and a
     * one-device login's learnt attributes join its profile's meta. Call before {@link #declared()}.
     */
    public void restore(String deviceId, ObjectNode meta) {
        JsonNode origin = meta.path(ORIGIN_FIELD);
        NativeSession session = loginNamed(origin.path("login").asText(""));
        if (session == null || !origin.path("name").isTextual()) {
            return;
        }
        if (deviceId.equals(session.login().id())) {
            session.learnt(meta); // a bridge's own device learns nothing
        } else if (session.isBridge()) {
            session.restore(deviceId, origin.path("name").textValue(), meta);
        }
    }

    /** The session of the login a stored origin names: by its user name, or by its id (a run before it had one). */
    private NativeSession loginNamed(String login) {
        return sessions.values().stream().filter(session -> session.login().username().equals(login)).findFirst()
                .orElse(sessions.get(login));
    }

    /** Where a device comes from, when an adapter speaks for it. */
    public Optional<NativeOrigin> origin(String deviceId) {
        return index.loginOf(deviceId).map(sessions::get).map(session -> new NativeOrigin(session.login().protocol(),
                session.login().username(), session.nativeName(deviceId).orElse(session.login().topic())));
    }

    /** Whether an adapter speaks for the device: a native login's device, or one of a bridge's list. */
    public boolean speaksFor(String deviceId) {
        return index.loginOf(deviceId).isPresent();
    }

    /** The login whose connection receives the device's commands: its bridge, or the device itself. */
    public String listenerOf(String deviceId) {
        return index.loginOf(deviceId).orElse(deviceId);
    }

    /**
     * Whether the device takes commands now, as far as its adapter knows: a sleepy device behind a bridge that said
     * it is offline does not (its commands wait for it). True for every device no bridge speaks for.
     */
    public boolean reachable(String deviceId) {
        return index.loginOf(deviceId).map(sessions::get).map(session -> session.reachable(deviceId)).orElse(true);
    }

    /**
     * Why the device does not take its commands: {@code listenerListens}, whether the login that receives them (its
     * bridge, or itself) is connected and subscribed. The start of a sentence that ends "... within 5000 ms".
     */
    public String away(String deviceId, boolean listenerListens) {
        String listener = listenerOf(deviceId);
        if (listener.equals(deviceId)) {
            return CommandDispatcher.notConnected(deviceId);
        }
        return listenerListens
                ? deviceId + " is offline behind its bridge " + listener + " (an end device asleep, or out of range) and did"
                + " not come back"
                : deviceId + "'s bridge " + listener + " did not connect (and subscribe to its commands)";
    }

    /** The devices a bridge speaks for (none for another login). */
    public Set<String> devicesOf(String loginId) {
        NativeSession session = sessions.get(loginId);
        return session == null || !session.isBridge() ? Set.of() : session.devices();
    }

    /** The command as its device's protocol sends it; empty for a Hearth device (the wire contract's topic). */
    public Optional<NativePublish> command(CommandRequest request, byte[] correlation) throws CommandRefused {
        Optional<String> login = index.loginOf(request.deviceId());
        if (login.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sessions.get(login.get()).command(request, correlation));
    }

    /** RPC answers (Shelly's) taken that no request waited for: late, or not the hub's. */
    public long unmatchedReplies() {
        return sessions.values().stream().mapToLong(NativeSession::unmatchedReplies).sum();
    }

    /** Commands sent natively still waiting for their device to confirm them. */
    public int waitingConfirmations() {
        return sessions.values().stream().mapToInt(NativeSession::waitingConfirmations).sum();
    }
}
