package dev.hearth.rules.internal.engine;

import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule set at work: its rules' runtimes and the trigger watchers indexed by attribute. Used
 * on the scheduler thread only, except {@link #retire()}, which may come from any thread.
 */
public final class ActiveRules {
    private final RuleSet ruleSet;
    private final EngineContext context;
    private final List<RuleRuntime> runtimes = new ArrayList<>();
    private final Map<AttributeRef, List<StateTriggerWatcher>> watchers = new HashMap<>();
    private volatile boolean retired;

    public ActiveRules(RuleSet ruleSet, EngineContext context) {
        this.ruleSet = ruleSet;
        this.context = context;
        for (Rule rule : ruleSet.rules()) {
            RuleRuntime runtime = new RuleRuntime(rule, this, context);
            runtimes.add(runtime);
            for (Trigger trigger : rule.triggers()) {
                if (trigger instanceof Trigger.State state) {
                    watchers.computeIfAbsent(state.attribute(), key -> new ArrayList<>())
                            .add(new StateTriggerWatcher(state, runtime, this, context));
                } else {
                    throw new IllegalStateException("unhandled trigger " + trigger);
                }
            }
        }
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    boolean isRetired() {
        return retired;
    }

    public void onStateChange(StateChange change) {
        if (retired || !change.isChange()) {
            return;
        }
        List<StateTriggerWatcher> interested =
                watchers.getOrDefault(new AttributeRef(change.deviceId(), change.attribute()), List.of());
        for (StateTriggerWatcher watcher : interested) {
            watcher.onChange(change);
        }
    }

    /**
     * Stops at once every timer and run of this set (they check the flag), then clears them up on
     * the scheduler thread, which owns them.
     */
    public void retire(String why) {
        retired = true;
        context.execute(() -> {
            watchers.values().forEach(list -> list.forEach(StateTriggerWatcher::cancel));
            runtimes.forEach(runtime -> runtime.cancelRuns(why));
        });
    }
}
