package dev.hearth.simulator.scenario;

import dev.hearth.rules.yaml.Durations;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.behaviour.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How an attribute's value moves: one of constant, random-walk, replay (a CSV file) or scripted. */
final class BehaviourParser {
    static final List<String> BEHAVIOURS = List.of("constant", "random-walk", "replay", "scripted");

    private final NodeReader read;
    private final Path folder;
    private final long scenarioSeed;

    /** {@code folder}: where replay files are looked up; {@code scenarioSeed}: what each walk's own seed derives from. */
    BehaviourParser(NodeReader read, Path folder, long scenarioSeed) {
        this.read = read;
        this.folder = folder;
        this.scenarioSeed = scenarioSeed;
    }

    /** The one behaviour {@code body} (an attribute's map) gives. */
    Optional<Behaviour> behaviour(YamlNode.Map body, String device, String attribute) {
        List<YamlNode.Entry> given = body.entries().stream().filter(entry -> BEHAVIOURS.contains(entry.key())).toList();
        if (given.isEmpty()) {
            read.problems().add(body.position(), "attribute '" + attribute + "' needs one of: " + String.join(", ", BEHAVIOURS));
            return Optional.empty();
        }
        if (given.size() > 1) {
            read.problems().add(given.get(1).keyPosition(), "attribute '" + attribute + "' has one behaviour: found both '"
                    + given.get(0).key() + "' and '" + given.get(1).key() + "'");
            return Optional.empty();
        }
        YamlNode node = given.get(0).value();
        return switch (given.get(0).key()) {
            case "constant" -> constant(node);
            case "random-walk" -> read.mapping(node, "random-walk", List.of("start", "min", "max", "step", "every", "seed"))
                    .flatMap(walk -> randomWalk(walk, device, attribute));
            case "replay" -> replay(node);
            default -> samples(node).map(Behaviour.Scripted::new);
        };
    }

    private Optional<Behaviour> constant(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(new Behaviour.Constant(scalar.value()));
        }
        return read.wrong(node, "a constant is one value");
    }

    private Optional<Behaviour> randomWalk(YamlNode.Map node, String device, String attribute) {
        Optional<Double> min = read.required(node, "min").flatMap(value -> read.number(value, "min"));
        Optional<Double> max = read.required(node, "max").flatMap(value -> read.number(value, "max"));
        Optional<YamlNode> startNode = read.required(node, "start");
        Optional<Double> start = startNode.flatMap(value -> read.number(value, "start"));
        Optional<YamlNode> stepNode = read.required(node, "step");
        Optional<Double> step = stepNode.flatMap(value -> read.number(value, "step"));
        Optional<YamlNode> everyNode = read.required(node, "every");
        Optional<Duration> every = everyNode.flatMap(read::duration);
        Optional<Long> seed = node.get("seed").isPresent() ? node.get("seed").flatMap(value -> read.integer(value, "seed"))
                // Each attribute gets its own stream, so adding a device does not change the others' walks.
                : Optional.of(scenarioSeed * 1_000_003L + (device + "." + attribute).hashCode());
        if (min.isEmpty() || max.isEmpty() || start.isEmpty() || step.isEmpty() || every.isEmpty() || seed.isEmpty()) {
            return Optional.empty();
        }
        boolean valid = true;
        if (min.get() > max.get()) {
            read.problems().add(node.get("max").orElseThrow().position(), "max " + max.get() + " is below min " + min.get());
            valid = false;
        } else if (start.get() < min.get() || start.get() > max.get()) {
            read.problems().add(startNode.get().position(), "start " + start.get() + " is outside [" + min.get() + ", " + max.get() + "]");
            valid = false;
        }
        if (!(step.get() > 0)) {
            read.problems().add(stepNode.get().position(), "step must be positive, got " + step.get());
            valid = false;
        }
        if (every.get().isZero()) {
            read.problems().add(everyNode.get().position(), "every must be longer than 0s");
            valid = false;
        }
        return valid ? Optional.of(new Behaviour.RandomWalk(start.get(), min.get(), max.get(), step.get(), every.get(), seed.get()))
                : Optional.empty();
    }

    /** {@code replay: door.csv} or {@code replay: { file: door.csv }}; the CSV's own errors point into it. */
    private Optional<Behaviour> replay(YamlNode node) {
        Optional<YamlNode> fileNode = node instanceof YamlNode.Map map
                ? read.mapping(map, "replay", List.of("file")).flatMap(replay -> read.required(replay, "file"))
                : Optional.of(node);
        Optional<String> file = fileNode.flatMap(value -> read.text(value, "file"));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = folder.resolve(file.get());
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            return Optional.of(new Behaviour.Replay(file.get(), CsvSamples.parse(path.toString(), text)));
        } catch (NoSuchFileException e) {
            read.problems().add(fileNode.get().position(), "replay file '" + file.get() + "' not found (looked for "
                    + path.toAbsolutePath() + ")");
        } catch (IOException e) {
            read.problems().add(fileNode.get().position(), "cannot read replay file '" + path + "': " + e.getMessage());
        } catch (ScenarioLoadException e) {
            e.problems().forEach(read.problems()::add);
        }
        return Optional.empty();
    }

    private Optional<List<Sample>> samples(YamlNode node) {
        Optional<List<YamlNode>> items = read.list(node, "scripted");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            read.problems().add(node.position(), "'scripted' needs at least one value");
            return Optional.empty();
        }
        int problemsBefore = read.problems().count();
        List<Sample> samples = new ArrayList<>();
        Duration previous = Duration.ZERO;
        for (YamlNode item : items.get()) {
            Optional<YamlNode.Map> value = read.mapping(item, "a scripted value", List.of("at", "value"));
            Optional<YamlNode> atNode = value.flatMap(map -> read.required(map, "at"));
            Optional<Duration> at = atNode.flatMap(read::duration);
            Optional<YamlNode> sample = value.flatMap(map -> read.required(map, "value"));
            if (at.isPresent() && at.get().compareTo(previous) < 0) {
                read.problems().add(atNode.get().position(), "values go in time order: " + Durations.format(at.get())
                        + " comes after " + Durations.format(previous));
            } else if (at.isPresent() && sample.isPresent()) {
                previous = at.get();
                samples.add(new Sample(at.get(), sample.get().toJson()));
            }
        }
        return read.problems().count() == problemsBefore ? Optional.of(samples) : Optional.empty();
    }
}
