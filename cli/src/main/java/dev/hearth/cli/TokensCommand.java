package dev.hearth.cli;

import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.Role;
import dev.hearth.hub.storage.TokenRepository;
import java.time.Clock;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "HTTP API tokens (stored hashed in the hub's database).")
final class TokensCommand extends DatabaseCommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token; prints it once.")
    int create(@Parameters(paramLabel = "NAME", description = "Who or what uses it, e.g. dashboard or prometheus.") String name,
               @Option(names = "--role", required = true, paramLabel = "ROLE", description = "read-only or admin.") String role) {
        Role parsed = Role.parse(role).orElse(null);
        if (parsed == null) {
            System.err.println("hearth: --role must be read-only or admin, got '" + role + "'");
            return 1;
        }
        return withTokens(repository -> {
            String token = new ApiTokens(repository, Clock.systemUTC()).create(name, parsed);
            System.out.println("Token '" + name + "' (" + parsed.wire() + "), shown once:");
            System.out.println(token);
            return 0;
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (names and roles, never the tokens).")
    int list() {
        return withTokens(repository -> {
            System.out.printf("%-24s %-10s %s%n", "NAME", "ROLE", "CREATED");
            repository.list().forEach(token -> System.out.printf("%-24s %-10s %s%n", token.name(), token.role().wire(), token.createdAt()));
            return 0;
        });
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; a running hub refuses it within a second.")
    int revoke(@Parameters(paramLabel = "NAME") String name) {
        return withTokens(repository -> {
            if (!repository.delete(name)) {
                System.err.println("hearth: no token named '" + name + "'");
                return 1;
            }
            System.out.println("Token '" + name + "' revoked.");
            return 0;
        });
    }

    private int withTokens(ToIntFunction<TokenRepository> work) {
        return HubDatabase.run(config, database -> work.applyAsInt(new TokenRepository(database)));
    }
}
