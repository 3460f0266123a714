package dev.hearth.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per deadline in a folder, written to a temporary file and moved into place, so a
 * crash leaves either the old entry or the new one, never half of one. Deadlines are few (one per
 * waiting rule), so a file each keeps every change O(1) without compaction.
 */
public final class FileTimerJournal implements TimerJournal {
    private static final Logger log = LoggerFactory.getLogger(FileTimerJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".timer.json";
    /** Not a deadline, so not named like one: {@link #all()} and older engines do not see it. */
    private static final String ALIVE_FILE = "engine-alive.json";

    private final Path folder;

    public FileTimerJournal(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the timer folder " + folder, e);
        }
    }

    @Override
    public synchronized void put(Entry entry) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", entry.id()).put("rule", entry.ruleId()).put("kind", entry.kind())
                .put("due", entry.due().toString()).set("data", entry.data());
        Path target = fileOf(entry.id());
        try {
            write(json, target);
        } catch (IOException e) {
            log.error("cannot write timer {} to {}: it will not survive a restart", entry.id(), target, e);
        }
    }

    private void write(ObjectNode json, Path target) throws IOException {
        Path temp = Files.createTempFile(folder, ".tmp-", ".json");
        Files.writeString(temp, JSON.writeValueAsString(json));
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public synchronized void alive(Instant at) {
        try {
            write(JSON.createObjectNode().put("alive", at.toString()), folder.resolve(ALIVE_FILE));
        } catch (IOException e) {
            log.warn("cannot write {}: time triggers missed while down may not be caught up", folder.resolve(ALIVE_FILE), e);
        }
    }

    @Override
    public synchronized Optional<Instant> lastAlive() {
        Path file = folder.resolve(ALIVE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(JSON.readTree(file.toFile()).path("alive").asText()));
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void remove(String id) {
        try {
            Files.deleteIfExists(fileOf(id));
        } catch (IOException e) {
            log.error("cannot delete timer file of {}", id, e);
        }
    }

    @Override
    public synchronized List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
                    entries.add(new Entry(json.get("id").asText(), json.get("rule").asText(), json.get("kind").asText(),
                            Instant.parse(json.get("due").asText()), (ObjectNode) json.get("data")));
                } catch (IOException | RuntimeException e) {
                    log.warn("ignoring unreadable timer file {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            log.error("cannot list the timer folder {}", folder, e);
        }
        entries.sort(Comparator.comparing(Entry::due));
        return entries;
    }

    /** Ids are made by the engine from rule ids and numbers; anything else is encoded away. */
    private Path fileOf(String id) {
        return folder.resolve(id.replaceAll("[^A-Za-z0-9_.-]", "_") + SUFFIX);
    }
}
