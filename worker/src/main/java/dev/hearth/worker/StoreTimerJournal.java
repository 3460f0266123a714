package dev.hearth.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.TimerJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site's deadlines in the task's {@code rule-timers} store ({@code <site>/timer/<id>} → the entry, {@code
 * <site>/alive} → the last-alive instant, {@code <site>/started} → when its rules first started). The store's
 * changelog moves them with the task: the next owner's engine restores them, those due before it starts with each
 * rule's {@code missed:} policy, as after a restart of a hub.
 */
final class StoreTimerJournal implements TimerJournal {
    static final String STORE = "rule-timers";
    private static final Logger log = LoggerFactory.getLogger(StoreTimerJournal.class);

    private final KeyValueStore<String, String> store;
    private final String site;
    /** Set when the task closes: what the store holds then is what the next owner reads, so nothing more goes in. */
    private boolean frozen;

    StoreTimerJournal(KeyValueStore<String, String> store, String site) {
        this.store = store;
        this.site = site;
    }

    void freeze() {
        frozen = true;
    }

    @Override
    public void put(Entry entry) {
        if (frozen) {
            log.debug("site {}: deadline {} ({}, due {}) not kept: the task is closing", site, entry.id(), entry.kind(),
                    entry.due());
            return;
        }
        log.debug("site {}: deadline {} ({}, due {}) kept", site, entry.id(), entry.kind(), entry.due());
        ObjectNode json = StoreJson.JSON.createObjectNode();
        json.put("id", entry.id()).put("rule", entry.ruleId()).put("kind", entry.kind())
                .put("due", entry.due().toString()).set("data", entry.data());
        store.put(timerKey(entry.id()), StoreJson.write(json));
    }

    @Override
    public void remove(String id) {
        if (!frozen) {
            log.debug("site {}: deadline {} removed", site, id);
            store.delete(timerKey(id));
        }
    }

    @Override
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> timers = store.prefixScan(timerKey(""), new StringSerializer())) {
            timers.forEachRemaining(stored -> {
                ObjectNode json = StoreJson.read(stored.value);
                entries.add(new Entry(json.get("id").asText(), json.get("rule").asText(), json.get("kind").asText(),
                        Instant.parse(json.get("due").asText()), (ObjectNode) json.get("data")));
            });
        }
        entries.sort(Comparator.comparing(Entry::due));
        return entries;
    }

    /**
     * True the first time the site's rules start on the cluster (and notes it in the store, so that it moves with the
     * task's changelog); false for every later owner of the task.
     */
    boolean firstStart(Instant at) {
        String key = StoreJson.key(site, "started");
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, at.toString());
        return true;
    }

    @Override
    public void alive(Instant at) {
        if (!frozen) {
            store.put(StoreJson.key(site, "alive"), at.toString());
        }
    }

    @Override
    public Optional<Instant> lastAlive() {
        return Optional.ofNullable(store.get(StoreJson.key(site, "alive"))).map(Instant::parse);
    }

    private String timerKey(String id) {
        return StoreJson.key(site, "timer/" + id);
    }
}
