package dev.hearth.hub.security;

import dev.hearth.hub.storage.TokenRepository;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Checks API tokens against an in-memory copy of the token table, so that a request never
 * waits on the database on Netty's event loop; {@link #refresh()} reloads it (tokens made or
 * revoked by the CLI in another process count within a second). What a token opened that lasts
 * (an event stream) asks {@link #whenRevoked} to hear when the token goes, so that it ends then.
 */
public final class ApiTokens {
    private static final String PREFIX = "hth_";

    private final TokenRepository repository;
    private final Clock clock;
    private final Map<String, Set<Runnable>> revocationWatchers = new ConcurrentHashMap<>();
    private volatile Map<String, Role> rolesByHash = Map.of();

    public ApiTokens(TokenRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        refresh();
    }

    /** A new token for {@code name}, shown once; only its hash is stored. */
    public String create(String name, Role role) {
        String token = PREFIX + PasswordHasher.generatePassword();
        if (!repository.insert(new TokenRepository.StoredToken(name, role, PasswordHasher.hashGenerated(token), clock.instant()))) {
            throw new IllegalArgumentException("a token named '" + name + "' exists already");
        }
        refresh();
        return token;
    }

    public Optional<Role> roleOf(String token) {
        return Optional.ofNullable(rolesByHash.get(PasswordHasher.hashGenerated(token)));
    }

    public boolean isEmpty() {
        return rolesByHash.isEmpty();
    }

    /**
     * Runs {@code action} once, when {@code token} is revoked (at once if it is not valid now);
     * closing the result stops watching. The action runs on the refreshing thread: keep it short.
     */
    public Watch whenRevoked(String token, Runnable action) {
        String hash = PasswordHasher.hashGenerated(token);
        Runnable once = new Once(action);
        revocationWatchers.computeIfAbsent(hash, key -> ConcurrentHashMap.newKeySet()).add(once);
        if (!rolesByHash.containsKey(hash)) { // revoked before the watcher was in place
            once.run();
        }
        return () -> revocationWatchers.computeIfPresent(hash, (key, watchers) -> {
            watchers.remove(once);
            return watchers.isEmpty() ? null : watchers;
        });
    }

    public synchronized void refresh() {
        Map<String, Role> fresh = repository.list().stream()
                .collect(Collectors.toUnmodifiableMap(TokenRepository.StoredToken::tokenHash, TokenRepository.StoredToken::role));
        rolesByHash = fresh;
        revocationWatchers.forEach((hash, watchers) -> {
            if (!fresh.containsKey(hash)) {
                watchers.forEach(Runnable::run);
            }
        });
    }

    /** Stops watching a token. */
    @FunctionalInterface
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** An action that runs at most once, however often its token is found revoked. */
    private static final class Once implements Runnable {
        private final Runnable action;
        private final AtomicBoolean done = new AtomicBoolean();

        Once(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        }
    }
}
