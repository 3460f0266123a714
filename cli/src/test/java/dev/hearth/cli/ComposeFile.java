package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A compose file's services, read as {@code docker compose} reads them: anchors and {@code <<:} merge keys expanded
 * (SnakeYAML, which Jackson's YAML parser sits on but does not expand them with), then {@code ${NAME}},
 * {@code ${NAME:-default}} and {@code ${NAME:?message}} replaced from the shell's variables.
 */
record ComposeFile(Path file, Map<String, Service> services, Set<String> variablesUsed) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\\?)([^}]*))?}");

    /** One service: what compose would run, after interpolation. */
    record Service(String name, JsonNode node, Map<String, String> environment, List<String> command) {
        String image() {
            return node.path("image").asText();
        }

        /** Its {@code ports:} as host port to container port. */
        Map<Integer, Integer> ports() {
            Map<Integer, Integer> ports = new LinkedHashMap<>();
            node.path("ports").forEach(port -> {
                String[] parts = port.asText().split(":");
                ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
            });
            return ports;
        }

        /** Its {@code volumes:} as container path to source (a named volume's name, or a path relative to the file). */
        Map<String, String> volumes() {
            Map<String, String> volumes = new LinkedHashMap<>();
            node.path("volumes").forEach(volume -> {
                String[] parts = volume.asText().split(":");
                volumes.put(parts[1], parts[0]);
            });
            return volumes;
        }

        /** Its {@code depends_on:} as service to condition. */
        Map<String, String> dependsOn() {
            Map<String, String> conditions = new LinkedHashMap<>();
            node.path("depends_on").fields().forEachRemaining(dependency ->
                    conditions.put(dependency.getKey(), dependency.getValue().path("condition").asText("service_started")));
            return conditions;
        }

        List<String> healthcheck() {
            List<String> test = new ArrayList<>();
            node.path("healthcheck").path("test").forEach(word -> test.add(word.asText()));
            return test;
        }
    }

    static ComposeFile read(Path file, Map<String, String> shell) throws IOException {
        Object yaml = new Yaml(new LoaderOptions()).load(Files.readString(file));
        JsonNode root = new ObjectMapper().valueToTree(yaml);
        Set<String> used = new LinkedHashSet<>();
        Map<String, Service> services = new LinkedHashMap<>();
        root.path("services").fields().forEachRemaining(entry -> {
            JsonNode node = entry.getValue();
            Map<String, String> environment = new LinkedHashMap<>();
            node.path("environment").fields().forEachRemaining(variable -> environment.put(variable.getKey(),
                    interpolate(file, entry.getKey() + ".environment." + variable.getKey(), variable.getValue().asText(), shell, used)));
            List<String> command = new ArrayList<>();
            node.path("command").forEach(word -> command.add(interpolate(file, entry.getKey() + ".command", word.asText(), shell, used)));
            services.put(entry.getKey(), new Service(entry.getKey(), node, environment, command));
        });
        return new ComposeFile(file, services, used);
    }

    Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new AssertionError(file + " has no service '" + name + "'; it has " + services.keySet());
        }
        return service;
    }

    /** The services in an order that starts each after what it depends on (compose's order). */
    List<Service> inStartOrder() {
        List<Service> order = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        services.keySet().forEach(name -> visit(name, order, visiting));
        return order;
    }

    private void visit(String name, List<Service> order, Set<String> visiting) {
        Service service = service(name);
        if (order.contains(service)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new AssertionError(file + ": depends_on goes round in a circle through " + visiting);
        }
        service.dependsOn().keySet().forEach(dependency -> visit(dependency, order, visiting));
        order.add(service);
    }

    private static String interpolate(Path file, String where, String value, Map<String, String> shell, Set<String> used) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            used.add(name);
            String set = shell.get(name);
            String replacement;
            if (set != null && !set.isEmpty()) {
                replacement = set;
            } else if (":-".equals(matcher.group(2))) {
                replacement = matcher.group(3);
            } else {
                throw new AssertionError(file + ": " + where + " needs ${" + name + "}"
                        + (matcher.group(3) == null ? "" : ": " + matcher.group(3)));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
