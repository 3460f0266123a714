package dev.hearth.simulator.scenario;

import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.rules.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a scenario YAML file into a typed {@link Scenario}, once, at the edge, with the located
 * reader the rules use (YAML 1.2: {@code yes} and {@code on} are text). Every problem is reported,
 * not only the first, each naming {@code file:line:col}. The devices, their behaviours and the steps
 * each have their parser; this class reads the file's top level. Replay files (CSV) are read
 * relative to the scenario's folder.
 */
public final class ScenarioLoader {
    private static final List<String> ROOT_KEYS = List.of("name", "description", "seed", "start", "zone", "devices", "steps");

    private final YamlReader yaml = new YamlReader();

    public Scenario load(Path file) throws ScenarioLoadException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioLoadException(file.toString(), 1, 1, "cannot read the file: " + e.getMessage());
        }
        Path folder = file.toAbsolutePath().getParent();
        return read(file.toString(), folder == null ? Path.of("") : folder, text);
    }

    /** {@code source} names the text in error messages, usually its file name; replay files are looked up from the working directory. */
    public Scenario parse(String source, String yaml) throws ScenarioLoadException {
        return read(source, Path.of(""), yaml);
    }

    private Scenario read(String source, Path folder, String text) throws ScenarioLoadException {
        Problems problems = new Problems(Path.of(source));
        problems.text(text);
        Optional<Scenario> scenario = yaml.read(text, problems).flatMap(root -> scenario(root, folder, new NodeReader(problems)));
        if (scenario.isEmpty() && problems.isEmpty()) {
            problems.add(Position.START, "empty scenario: expected name, devices and steps");
        }
        if (!problems.isEmpty()) {
            throw new ScenarioLoadException(problems.errors());
        }
        return scenario.orElseThrow();
    }

    private static Optional<Scenario> scenario(YamlNode node, Path folder, NodeReader read) {
        Optional<YamlNode.Map> root = read.mapping(node, "a scenario", ROOT_KEYS);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> name = read.required(root.get(), "name").flatMap(value -> read.text(value, "name"));
        Optional<Long> seed = root.get().get("seed").isPresent()
                ? root.get().get("seed").flatMap(value -> read.integer(value, "seed")) : Optional.of(Scenario.DEFAULT_SEED);
        Optional<Optional<ZonedDateTime>> start = start(root.get(), read);
        DeviceParser deviceParser = new DeviceParser(read, new BehaviourParser(read, folder, seed.orElse(Scenario.DEFAULT_SEED)));
        List<DeviceSpec> devices = new ArrayList<>();
        Optional<YamlNode> devicesNode = read.required(root.get(), "devices");
        Optional<List<YamlNode>> deviceItems = devicesNode.flatMap(value -> read.list(value, "devices"));
        deviceItems.ifPresent(items -> items.forEach(item -> deviceParser.device(item).ifPresent(devices::add)));
        if (deviceItems.isPresent() && deviceItems.get().isEmpty()) {
            read.problems().add(devicesNode.get().position(), "a scenario needs at least one device");
        }
        StepParser stepParser = new StepParser(read, deviceParser.declaredIds());
        List<Step> steps = new ArrayList<>();
        Duration previous = Duration.ZERO;
        Optional<List<YamlNode>> stepItems = read.required(root.get(), "steps").flatMap(value -> read.list(value, "steps"));
        for (YamlNode item : stepItems.orElse(List.of())) {
            Optional<Step> step = stepParser.step(item, previous);
            if (step.isPresent()) {
                previous = step.get().at();
                steps.add(step.get());
            }
        }
        if (!read.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Scenario(name.orElseThrow(), devices, steps, seed.orElseThrow(), start.orElseThrow()));
    }

    /** {@code start: "2026-01-05T06:00:00"} in {@code zone} (UTC unless given), or with its own offset or zone. */
    private static Optional<Optional<ZonedDateTime>> start(YamlNode.Map root, NodeReader read) {
        Optional<YamlNode> zoneNode = root.get("zone");
        Optional<ZoneId> zone = zoneNode.isEmpty() ? Optional.of(ZoneOffset.UTC) : zoneNode.flatMap(node -> zone(node, read));
        Optional<YamlNode> startNode = root.get("start");
        if (startNode.isEmpty()) {
            if (zoneNode.isPresent()) {
                read.problems().add(zoneNode.get().position(), "'zone' needs a 'start' time");
                return Optional.empty();
            }
            return Optional.of(Optional.empty());
        }
        Optional<String> text = read.text(startNode.get(), "start");
        if (text.isEmpty() || zone.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Optional.of(LocalDateTime.parse(text.get()).atZone(zone.get())));
        } catch (DateTimeException notLocal) {
            try {
                ZonedDateTime written = ZonedDateTime.parse(text.get());
                return Optional.of(Optional.of(zoneNode.isPresent() ? written.withZoneSameInstant(zone.get()) : written));
            } catch (DateTimeException e) {
                read.problems().add(startNode.get().position(), "bad start '" + text.get() + "': use a date and time like 2026-01-05T06:00:00");
                return Optional.empty();
            }
        }
    }

    private static Optional<ZoneId> zone(YamlNode node, NodeReader read) {
        Optional<String> text = read.text(node, "zone");
        try {
            return text.map(ZoneId::of);
        } catch (DateTimeException e) {
            read.problems().add(node.position(), "unknown zone '" + text.get() + "': use a region like Europe/Paris, or UTC");
            return Optional.empty();
        }
    }
}
