package dev.hearth.simulator.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Plays a device's behaviours on a scheduler (a real one, or virtual time), reporting each new
 * value of an attribute through {@code report}. The first values go into the state the device
 * connects with ({@link #initialValues}); the player schedules what comes after.
 */
public final class BehaviourPlayer {
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    private BehaviourPlayer() {
    }

    /** Each attribute's value at connect; attributes whose first sample comes later are left out. */
    public static Map<String, JsonNode> initialValues(Map<String, Behaviour> behaviours) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        behaviours.forEach((attribute, behaviour) -> {
            JsonNode v = behaviour.initialValue();
            if (!v.isNull()) {
                values.put(attribute, v);
            }
        });
        return values;
    }

    public static BehaviourPlayer start(Map<String, Behaviour> behaviours, ScheduledExecutorService scheduler,
                                        BiConsumer<String, JsonNode> report) {
        BehaviourPlayer player = new BehaviourPlayer();
        behaviours.forEach((attribute, behaviour) -> player.play(attribute, behaviour, scheduler, report));
        return player;
    }

    private void play(String attribute, Behaviour behaviour, ScheduledExecutorService scheduler, BiConsumer<String, JsonNode> report) {
        // Java 17 has no pattern switch; the sealed interface keeps this list closed.
        if (behaviour instanceof Behaviour.RandomWalk walk) {
            RandomWalkSequence values = walk.sequence();
            long every = walk.every().toNanos();
            tasks.add(scheduler.scheduleAtFixedRate(() -> report.accept(attribute, RandomWalkSequence.json(values.next())),
                    every, every, TimeUnit.NANOSECONDS));
        } else if (behaviour instanceof Behaviour.Replay replay) {
            samples(attribute, replay.samples(), scheduler, report);
        } else if (behaviour instanceof Behaviour.Scripted scripted) {
            samples(attribute, scripted.samples(), scheduler, report);
        } // Constant: reported with the initial state, nothing changes later
    }

    private void samples(String attribute, List<Sample> samples, ScheduledExecutorService scheduler, BiConsumer<String, JsonNode> report) {
        for (Sample sample : samples) {
            if (!sample.at().isZero()) { // the 0s value is in the initial state
                tasks.add(scheduler.schedule(() -> report.accept(attribute, sample.value()), sample.at().toNanos(), TimeUnit.NANOSECONDS));
            }
        }
    }

    public synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }
}
