package dev.hearth.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The worker's stores hold JSON text under {@code <site>/...} keys; this reads and writes both. */
final class StoreJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private StoreJson() {
    }

    static ObjectNode read(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a store value that this worker did not write: " + text, e);
        }
    }

    static String write(ObjectNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    static String key(String site, String rest) {
        return site + "/" + rest;
    }

    /** The sites that have a key in the store (a site has no '/': the first one ends it). */
    static Set<String> sites(KeyValueStore<String, String> store) {
        Set<String> sites = new LinkedHashSet<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> sites.add(entry.key.substring(0, entry.key.indexOf('/'))));
        }
        return sites;
    }
}
