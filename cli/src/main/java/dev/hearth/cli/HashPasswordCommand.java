package dev.hearth.cli;

import dev.hearth.hub.security.PasswordHasher;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Read a device password (prompt, or one line on standard input) and print its bcrypt hash"
                + " for the devices section of the config.")
final class HashPasswordCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("Device password: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.isEmpty()) {
            System.err.println("hearth: no password given");
            return 1;
        }
        System.out.println(PasswordHasher.hash(password));
        return 0;
    }
}
