package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where a run is in its rule's action tree, as the timer journal keeps it: one {@link Step} per
 * nested action list, from the rule's {@code then:} down to the waiting {@code delay} or
 * {@code wait_for}. A step says which action of its list the run is at and, when that action holds
 * more actions, how the run went in: the branch a {@code choose} took (not evaluated again on
 * resume: the state may have moved since), the pass of a {@code repeat}, the branch of a
 * {@code parallel} and which of its sibling branches had already finished.
 */
final class RunPosition {
    /** Marks the {@code default:} of a choose. */
    static final int DEFAULT_BRANCH = -1;
    static final int NONE = -2;

    private RunPosition() {
    }

    /**
     * The branches of one running {@code parallel} that are done. Shared by the steps of its
     * branches, so that a journal entry written again after a sibling finished says so.
     */
    static final class ParallelFrame {
        final int size;
        final Set<Integer> done = new TreeSet<>();

        ParallelFrame(int size) {
            this.size = size;
        }
    }

    /**
     * One level: {@code index} in the list; {@code branch} for a choose (or {@link #DEFAULT_BRANCH})
     * and a parallel, else {@link #NONE}; {@code pass} (0-based) for a repeat, else {@link #NONE};
     * {@code parallel} only inside a parallel's branch.
     */
    record Step(int index, int branch, int pass, ParallelFrame parallel) {
        static Step at(int index) {
            return new Step(index, NONE, NONE, null);
        }

        static Step chose(int index, int branch) {
            return new Step(index, branch, NONE, null);
        }

        static Step pass(int index, int pass) {
            return new Step(index, NONE, pass, null);
        }

        static Step branch(int index, int branch, ParallelFrame parallel) {
            return new Step(index, branch, NONE, parallel);
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode().put("i", index);
            if (branch != NONE) {
                json.put("branch", branch);
            }
            if (pass != NONE) {
                json.put("pass", pass);
            }
            if (parallel != null) {
                json.put("of", parallel.size);
                ArrayNode done = json.putArray("done");
                parallel.done.forEach(done::add);
            }
            return json;
        }

        /** The branches of this step's parallel that had finished when the entry was written. */
        Set<Integer> doneBranches() {
            return parallel == null ? Set.of() : Set.copyOf(parallel.done);
        }

        static Step fromJson(JsonNode json) {
            if (!json.path("i").canConvertToInt() || json.path("i").asInt() < 0) {
                throw new IllegalArgumentException("a step without an index: " + json);
            }
            ParallelFrame frame = null;
            if (json.has("of")) {
                frame = new ParallelFrame(json.path("of").asInt());
                for (JsonNode done : json.path("done")) {
                    frame.done.add(done.asInt());
                }
            }
            return new Step(json.get("i").asInt(), json.path("branch").asInt(NONE), json.path("pass").asInt(NONE), frame);
        }
    }

    static List<Step> append(List<Step> prefix, Step step) {
        List<Step> path = new ArrayList<>(prefix.size() + 1);
        path.addAll(prefix);
        path.add(step);
        return List.copyOf(path);
    }

    static ArrayNode toJson(List<Step> path) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        path.forEach(step -> array.add(step.toJson()));
        return array;
    }

    /**
     * The path of a journal entry; an entry written before nested timers were journaled has only
     * {@code index}, a top-level action.
     */
    static List<Step> fromEntry(ObjectNode data) {
        if (data.get("path") instanceof ArrayNode array && !array.isEmpty()) {
            List<Step> path = new ArrayList<>();
            array.forEach(step -> path.add(Step.fromJson(step)));
            return List.copyOf(path);
        }
        if (!data.path("index").canConvertToInt()) {
            throw new IllegalArgumentException("no position in the entry");
        }
        return List.of(Step.at(data.get("index").asInt()));
    }

    /**
     * For journal ids and traces, safe in a file name: {@code 1p2_0b1_0} is action 1 (a repeat, in
     * its pass 2, counting from 0), its action 0 (a parallel, in branch 1), that branch's action 0.
     */
    static String text(List<Step> path) {
        return path.stream().map(step -> step.index() + (step.branch() == NONE ? "" : "b" + step.branch())
                + (step.pass() == NONE ? "" : "p" + step.pass())).collect(Collectors.joining("_"));
    }
}
