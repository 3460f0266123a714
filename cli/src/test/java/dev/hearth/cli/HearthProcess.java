package dev.hearth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** `hearth ...` in its own JVM, as a user runs it from the shell. */
final class HearthProcess {
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private HearthProcess() {
    }

    /**
     * A hearth.yml in {@code folder} for a hub on loopback without a rate limit, its rules in
     * {@code folder/rules}; each device's password is its id followed by "-secret".
     */
    static Path writeConfig(Path folder, int mqttPort, int httpPort, List<String> deviceIds) throws IOException {
        java.nio.file.Files.createDirectories(folder.resolve("rules"));
        StringBuilder devices = new StringBuilder();
        for (String id : deviceIds) {
            devices.append("  - id: ").append(id).append("\n    password-hash: \"")
                    .append(dev.hearth.hub.security.PasswordHasher.hash(id + "-secret")).append("\"\n");
        }
        return java.nio.file.Files.writeString(folder.resolve("hearth.yml"), """
                mqtt: { host: 127.0.0.1, port: %d, rate-limit: 0 }
                http: { host: 127.0.0.1, port: %d }
                data-dir: data
                rules: rules
                devices:
                %s""".formatted(mqttPort, httpPort, devices));
    }

    /** A free loopback port, for a hub's MQTT or HTTP listener. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code hearth tokens create NAME --role read-only}, as a user runs it; the token it printed. */
    static String createToken(Path config, String name) throws Exception {
        Result created = run("tokens", "create", name, "--role", "read-only", "--config", config.toString());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("hth_\\S+").matcher(created.stdout());
        if (!token.find()) {
            throw new AssertionError("no token in: " + created.stdout() + created.stderr());
        }
        return token.group();
    }

    /** GET on a hub's HTTP API, with a bearer token unless it is null. */
    static java.net.http.HttpResponse<String> get(int httpPort, String path, String token) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + path)).timeout(java.time.Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(boolean exited, int exitCode, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().filter(line -> line.startsWith("hearth:")).toList();
        }
    }

    static Process start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** With extra environment variables, e.g. HEARTH_LOG_FORMAT. */
    static Process start(Map<String, String> environment, String... args) throws IOException {
        return start(null, environment, args);
    }

    /** In {@code directory} (the JVM's own when null), where relative file names resolve. */
    private static Process start(Path directory, Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        return builder.start();
    }

    /** A long-running one (the hub), its output appended to {@code log} so no pipe ever fills. */
    static Process start(Path log, String... args) throws IOException {
        return start(log, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with options for its JVM (e.g. a small heap). */
    static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
        return new ProcessBuilder(command(jvmOptions, args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * As a container runs it: in {@code directory}, with {@code environment} as its only HEARTH_* variables (none
     * inherited from the test's), its output appended to {@code log}.
     */
    static Process startService(Path directory, Path log, Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("HEARTH_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static List<String> command(String... args) {
        return command(List.of(), args);
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hearth.cli.HearthCommand"));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs to the end (at most 90 s; a process still running then is killed and reported as not exited). */
    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** As {@link #run(String...)}, with extra environment variables. */
    static Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return run(null, environment, args);
    }

    /** As {@link #run(String...)}, in {@code directory}, as a user runs it from there. */
    static Result runIn(Path directory, String... args) throws IOException, InterruptedException {
        return run(directory, Map.of(), args);
    }

    private static Result run(Path directory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Process process = start(directory, environment, args);
        process.getOutputStream().close();
        var stdout = process.getInputStream();
        var stderr = process.getErrorStream();
        // drain both streams so a chatty process never blocks on a full pipe
        var out = new java.util.concurrent.CompletableFuture<String>();
        var err = new java.util.concurrent.CompletableFuture<String>();
        daemon(() -> out.complete(read(stdout)));
        daemon(() -> err.complete(read(stderr)));
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        return new Result(exited, exited ? process.exitValue() : -1, out.join(), err.join());
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "hearth-process-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
