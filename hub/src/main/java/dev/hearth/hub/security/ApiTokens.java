package dev.hearth.hub.security;

import dev.hearth.hub.storage.TokenRepository;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks API tokens against an in-memory copy of the token table, so that a request never
 * waits on the database on Netty's event loop; {@link #refresh()} reloads it (tokens made or
 * revoked by the CLI in another process count within a second).
 */
public final class ApiTokens {
    private static final String PREFIX = "hth_";

    private final TokenRepository repository;
    private final Clock clock;
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

    public void refresh() {
        rolesByHash = repository.list().stream()
                .collect(Collectors.toUnmodifiableMap(TokenRepository.StoredToken::tokenHash, TokenRepository.StoredToken::role));
    }
}
