package dev.hearth.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's reported state as a hub keeps it: what "a partial state object merges" means on the
 * wire, written once for the hub and the simulator's virtual hub. A report replaces the top-level
 * attributes it names, and an attribute set to JSON null is removed. A report that names an
 * attribute longer than {@link #MAX_ATTRIBUTE_NAME_LENGTH}, or would take the state past
 * {@link #MAX_ATTRIBUTES} or {@link #MAX_STATE_BYTES}, is refused whole and changes nothing.
 *
 * <p>Not thread-safe: whoever keeps a device's state guards it.
 */
public final class MergedState {
    /**
     * A device's whole reported state, as JSON, may not grow past this: each report is small, but a
     * device adding new attributes at its message rate would otherwise fill the hub's memory.
     */
    public static final int MAX_STATE_BYTES = 256 * 1024;
    /**
     * Attribute names are counted in {@link #MAX_STATE_BYTES}, and kept besides in the time each
     * was updated and in storage: a name is a word or two, never a page.
     */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 128;
    /** Attributes one device may have: a device has a handful, the dashboard shows them all. */
    public static final int MAX_ATTRIBUTES = 256;

    private final ObjectNode reported = JsonNodeFactory.instance.objectNode();
    private final Map<String, Integer> attributeBytes = new HashMap<>();
    private long reportedBytes;

    /** One attribute whose value a merge changed; {@code current} is JSON null when it was removed. */
    public record Change(String attribute, Optional<JsonNode> previous, JsonNode current) {
        public Change {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }
    }

    /**
     * A report with its names checked and its attributes sized, before it meets any state: the
     * hub does this outside the lock that guards the device, since it runs on every state report.
     */
    public static final class Report {
        private final ObjectNode partial;
        private final Map<String, Integer> sizes;

        private Report(ObjectNode partial, Map<String, Integer> sizes) {
            this.partial = partial;
            this.sizes = sizes;
        }
    }

    /** Refuses an attribute name over {@link #MAX_ATTRIBUTE_NAME_LENGTH}; the report is not copied, so do not change it before merging. */
    public static Report read(ObjectNode partial) throws WireJson.InvalidPayloadException {
        Map<String, Integer> sizes = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = partial.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().length() > MAX_ATTRIBUTE_NAME_LENGTH) {
                // the name itself stays out of the message: it is what must not be kept
                throw new WireJson.InvalidPayloadException(PayloadFault.ATTRIBUTE_NAME_TOO_LONG, "an attribute name of "
                        + field.getKey().length() + " characters, more than the " + MAX_ATTRIBUTE_NAME_LENGTH + " the hub accepts");
            }
            sizes.put(field.getKey(), sizeOf(field.getKey(), field.getValue()));
        }
        return new Report(partial, sizes);
    }

    /** {@link #read} and {@link #merge(Report)} in one. */
    public List<Change> merge(ObjectNode partial) throws WireJson.InvalidPayloadException {
        return merge(read(partial));
    }

    /** Merges the report, or refuses it whole; returns one change per attribute whose value actually changed. */
    public List<Change> merge(Report report) throws WireJson.InvalidPayloadException {
        requireWithinLimits(report);
        List<Change> changes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = report.partial.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String attribute = field.getKey();
            JsonNode value = field.getValue();
            JsonNode previous = reported.get(attribute);
            if (value.equals(previous) || (value.isNull() && previous == null)) {
                continue;
            }
            set(attribute, value.deepCopy(), report.sizes.get(attribute));
            changes.add(new Change(attribute, Optional.ofNullable(previous), value.isNull() ? NullNode.getInstance() : value.deepCopy()));
        }
        return changes;
    }

    private void requireWithinLimits(Report report) throws WireJson.InvalidPayloadException {
        long after = reportedBytes;
        int attributes = attributeBytes.size();
        for (Map.Entry<String, Integer> size : report.sizes.entrySet()) {
            Integer before = attributeBytes.get(size.getKey());
            after += size.getValue() - (before == null ? 0 : before);
            if (before == null && size.getValue() > 0) {
                attributes++;
            } else if (before != null && size.getValue() == 0) {
                attributes--;
            }
        }
        if (attributes > MAX_ATTRIBUTES) {
            throw new WireJson.InvalidPayloadException(PayloadFault.TOO_MANY_ATTRIBUTES, "the device would have "
                    + attributes + " attributes, more than the " + MAX_ATTRIBUTES + " the hub keeps for a device");
        }
        if (after > MAX_STATE_BYTES) {
            throw new WireJson.InvalidPayloadException(PayloadFault.STATE_TOO_LARGE, "the device's state would be "
                    + after + " bytes, more than the " + MAX_STATE_BYTES + " the hub keeps for a device");
        }
    }

    /**
     * Takes back one attribute kept earlier, unchecked but for its name and the number of
     * attributes: what an older hub stored before the limits were there must not come back at
     * every start. False when it was skipped.
     */
    public boolean restore(String attribute, JsonNode value) {
        if (attribute.length() > MAX_ATTRIBUTE_NAME_LENGTH
                || (!attributeBytes.containsKey(attribute) && attributeBytes.size() >= MAX_ATTRIBUTES)) {
            return false;
        }
        set(attribute, value.deepCopy(), sizeOf(attribute, value));
        return true;
    }

    /** A copy of the attribute's value; empty when the state has none. */
    public Optional<JsonNode> attribute(String attribute) {
        return Optional.ofNullable(reported.get(attribute)).map(JsonNode::deepCopy);
    }

    /** A copy of the whole state. */
    public ObjectNode copy() {
        return reported.deepCopy();
    }

    /** Sets, or with JSON null removes, an attribute, keeping the state's size in step. */
    private void set(String attribute, JsonNode value, int bytes) {
        reportedBytes -= attributeBytes.getOrDefault(attribute, 0);
        if (value.isNull()) {
            reported.remove(attribute);
            attributeBytes.remove(attribute);
        } else {
            reported.set(attribute, value);
            attributeBytes.put(attribute, bytes);
            reportedBytes += bytes;
        }
    }

    /**
     * The bytes an attribute adds to the state's JSON, its name ({@code "name":}) included, near
     * enough; a null (removal) adds none.
     */
    private static int sizeOf(String attribute, JsonNode value) {
        if (value.isNull()) {
            return 0;
        }
        int name = attribute.length() + 3;
        if (value.isTextual()) {
            return name + value.textValue().length() + 2; // escapes aside: this runs on every state report
        }
        return name + (value.isValueNode() ? value.asText().length() : WireJson.toBytes(value).length);
    }
}
