package dev.hearth.hub.cli;

import dev.hearth.hub.security.ApiTokens;
import dev.hearth.hub.security.Role;
import dev.hearth.hub.storage.TokenRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "HTTP API tokens (stored hashed in the hub's database).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = HearthCommand.DEFAULT_CONFIG, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Hub configuration, for its database (default: ${DEFAULT-VALUE}).")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    int withTokens(Function<TokenRepository, Integer> work) {
        return HubDatabase.run(config, database -> work.apply(new TokenRepository(database)));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token; prints it once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokensCommand parent;
        @Parameters(paramLabel = "NAME", description = "Who or what uses it, e.g. dashboard or prometheus.")
        String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "read-only or admin.")
        String role;

        @Override
        public Integer call() {
            Role parsed = Role.parse(role).orElse(null);
            if (parsed == null) {
                System.err.println("hearth: --role must be read-only or admin, got '" + role + "'");
                return 1;
            }
            return parent.withTokens(repository -> {
                String token = new ApiTokens(repository, Clock.systemUTC()).create(name, parsed);
                System.out.println("Token '" + name + "' (" + parsed.wire() + "), shown once:");
                System.out.println(token);
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (names and roles, never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokensCommand parent;

        @Override
        public Integer call() {
            return parent.withTokens(repository -> {
                System.out.printf("%-24s %-10s %s%n", "NAME", "ROLE", "CREATED");
                repository.list().forEach(token -> System.out.printf("%-24s %-10s %s%n", token.name(), token.role().wire(), token.createdAt()));
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; a running hub refuses it within a second.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokensCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return parent.withTokens(repository -> {
                if (!repository.delete(name)) {
                    System.err.println("hearth: no token named '" + name + "'");
                    return 1;
                }
                System.out.println("Token '" + name + "' revoked.");
                return 0;
            });
        }
    }
}
