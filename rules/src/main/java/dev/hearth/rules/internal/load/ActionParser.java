package dev.hearth.rules.internal.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Action;
import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.Condition;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.YamlNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One action map of {@code then:} into a typed {@link Action}; nested action lists recurse. */
final class ActionParser {
    static final List<String> KINDS = List.of("command", "desired", "delay", "wait_for", "choose", "repeat",
            "parallel", "sequence", "notify", "enable", "disable", "variables");
    private static final String EXAMPLE = "{ command: coffee-1.brew, args: { cups: 1 } }";
    /** What a run can wait for: an event of a device, not a moment (that is a delay) or the start. */
    private static final Trigger.Visitor<Boolean> WAITABLE = new Trigger.Visitor<>() {
        @Override
        public Boolean state(Trigger.State trigger) {
            return true;
        }

        @Override
        public Boolean deviceState(Trigger.DeviceState trigger) {
            return true;
        }

        @Override
        public Boolean numeric(Trigger.Numeric trigger) {
            return true;
        }

        @Override
        public Boolean availability(Trigger.Availability trigger) {
            return true;
        }

        @Override
        public Boolean at(Trigger.At trigger) {
            return false;
        }

        @Override
        public Boolean cron(Trigger.Cron trigger) {
            return false;
        }

        @Override
        public Boolean sun(Trigger.Sun trigger) {
            return false;
        }

        @Override
        public Boolean telemetry(Trigger.Telemetry trigger) {
            return true;
        }

        @Override
        public Boolean started(Trigger.Started trigger) {
            return false;
        }
    };

    private final Parsing parsing;
    private final TriggerParser triggers;
    private final ConditionParser conditions;

    ActionParser(Parsing parsing, TriggerParser triggers, ConditionParser conditions) {
        this.parsing = parsing;
        this.triggers = triggers;
        this.conditions = conditions;
    }

    List<Action> list(YamlNode node, String key, String where) {
        return parsing.list(node, key, where, "actions", true, this::parse);
    }

    Optional<Action> parse(YamlNode node, String where) {
        return parsing.item(node, where, KINDS, EXAMPLE, (action, kind, source) -> switch (kind) {
            case "command" -> command(action, where, source);
            case "desired" -> desired(action, where, source);
            case "delay" -> parsing.only(action, where, "delay").flatMap(value -> parsing.values.duration(value, "delay", where))
                    .map(duration -> new Action.Delay(duration, source));
            case "wait_for" -> waitFor(action, where, source);
            case "choose" -> choose(action, where, source);
            case "repeat" -> repeat(action, where, source);
            case "parallel" -> parsing.only(action, where, "parallel")
                    .map(value -> new Action.Parallel(list(value, "parallel", where), source));
            case "sequence" -> parsing.only(action, where, "sequence")
                    .map(value -> new Action.Sequence(list(value, "sequence", where), source));
            case "notify" -> notify(action, where, source);
            case "enable", "disable" -> parsing.only(action, where, kind)
                    .flatMap(value -> parsing.values.text(value, kind, where))
                    .map(ruleId -> new Action.SetEnabled(ruleId, kind.equals("enable"), source));
            default -> variables(action, where, source);
        });
    }

    private Optional<Action> command(YamlNode.Map map, String where, RuleSource source) {
        MapReader action = new MapReader(map, where, List.of("command", "args", "timeout"), parsing.problems);
        Optional<AttributeRef> command = action.required("command", "the command to send, e.g. command: coffee-1.brew")
                .flatMap(value -> parsing.values.reference(value, "command", where, "command", "coffee-1.brew"));
        ObjectNode args = action.optional("args")
                .filter(value -> parsing.checkTemplates(value, "args", where))
                .flatMap(value -> parsing.values.jsonObject(value, "args", where))
                .orElseGet(JsonNodeFactory.instance::objectNode);
        Duration timeout = action.optional("timeout").flatMap(value -> parsing.values.duration(value, "timeout", where))
                .orElse(Action.Command.DEFAULT_TIMEOUT);
        return command.map(ref -> new Action.Command(ref.deviceId(), ref.attribute(), args, timeout, source));
    }

    private Optional<Action> desired(YamlNode.Map map, String where, RuleSource source) {
        MapReader action = new MapReader(map, where, List.of("desired", "state"), parsing.problems);
        Optional<String> device = parsing.values.deviceId(map.get("desired").orElseThrow(), "desired", where);
        Optional<ObjectNode> state = action.required("state", "the desired state, e.g. state: { power: on }")
                .filter(value -> parsing.checkTemplates(value, "state", where))
                .flatMap(value -> parsing.values.jsonObject(value, "state", where, "a map of desired values, e.g. { power: on }"));
        return device.flatMap(id -> state.map(values -> new Action.Desired(id, values, source)));
    }

    private Optional<Action> waitFor(YamlNode.Map map, String where, RuleSource source) {
        MapReader action = new MapReader(map, where, List.of("wait_for", "timeout", "continue_on_timeout"), parsing.problems);
        YamlNode node = map.get("wait_for").orElseThrow();
        List<Trigger> waited = node instanceof YamlNode.Map
                ? triggers.parse(node, "the trigger of 'wait_for' in " + where).map(List::of).orElse(List.of())
                : parsing.list(node, "wait_for", where, "triggers", true, triggers::parse);
        for (Trigger trigger : waited) {
            if (!trigger.accept(WAITABLE) || trigger.holdFor().isPresent()) {
                parsing.problems.add(position(trigger), "'wait_for' in " + where + " cannot wait for " + trigger
                        + "; expected a state, availability or telemetry trigger without 'for' (use 'timeout')");
            }
        }
        Optional<Duration> timeout = action.optional("timeout").flatMap(value -> parsing.values.duration(value, "timeout", where));
        boolean goOn = action.optional("continue_on_timeout")
                .flatMap(value -> parsing.values.bool(value, "continue_on_timeout", where)).orElse(false);
        return waited.isEmpty() ? Optional.empty() : Optional.of(new Action.WaitFor(waited, timeout, goOn, source));
    }

    private static Position position(Trigger trigger) {
        return new Position(trigger.source().line(), trigger.source().column());
    }

    private Optional<Action> choose(YamlNode.Map map, String where, RuleSource source) {
        MapReader action = new MapReader(map, where, List.of("choose", "default"), parsing.problems);
        List<Action.Branch> branches = parsing.list(map.get("choose").orElseThrow(), "choose", where, "branches", true,
                this::branch);
        List<Action> otherwise = action.optional("default").map(value -> list(value, "default", where)).orElse(List.of());
        return Optional.of(new Action.Choose(branches, otherwise, source));
    }

    private Optional<Action.Branch> branch(YamlNode node, String where) {
        Optional<YamlNode.Map> map = parsing.itemMap(node, where, "if and then", "{ if: [...], then: [...] }");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        MapReader branch = new MapReader(map.get(), where, List.of("if", "then"), parsing.problems);
        List<Condition> when = branch.required("if", "the branch's conditions, e.g. if: [ { state: hall.motion, is: true } ]")
                .map(value -> conditions.list(value, "if", where)).orElse(List.of());
        List<Action> then = branch.required("then", "the branch's actions").map(value -> list(value, "then", where))
                .orElse(List.of());
        return Optional.of(new Action.Branch(when, then, parsing.source(node.position())));
    }

    private Optional<Action> repeat(YamlNode.Map outer, String where, RuleSource source) {
        YamlNode node = parsing.only(outer, where, "repeat").orElseThrow();
        if (!(node instanceof YamlNode.Map map)) {
            return parsing.values.wrongType(node, "repeat", where, "a map, e.g. repeat: { count: 3, then: [...] }");
        }
        String inner = "'repeat' of " + where;
        MapReader repeat = new MapReader(map, inner, List.of("count", "while", "until", "then"), parsing.problems);
        Optional<String> kind = parsing.kind(map, List.of("count", "while", "until"), inner, "{ count: 3, then: [...] }");
        OptionalInt count = repeat.optional("count").flatMap(value -> parsing.values.positiveInt(value, "count", inner,
                Action.Repeat.MAX_PASSES)).map(OptionalInt::of).orElse(OptionalInt.empty());
        List<Condition> whileAll = repeat.optional("while").map(value -> conditions.list(value, "while", inner)).orElse(List.of());
        List<Condition> untilAll = repeat.optional("until").map(value -> conditions.list(value, "until", inner)).orElse(List.of());
        List<Action> actions = repeat.required("then", "the actions to repeat").map(value -> list(value, "then", inner))
                .orElse(List.of());
        if (kind.isEmpty() || actions.isEmpty() || count.isEmpty() && whileAll.isEmpty() && untilAll.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Action.Repeat(count, whileAll, untilAll, actions, source));
    }

    private Optional<Action> notify(YamlNode.Map map, String where, RuleSource source) {
        MapReader action = new MapReader(map, where, List.of("notify", "message", "url"), parsing.problems);
        YamlNode channelNode = map.get("notify").orElseThrow();
        Optional<String> channelName = parsing.values.text(channelNode, "notify", where);
        Optional<Action.NotifyChannel> channel = channelName.flatMap(name -> switch (name) {
            case "log" -> Optional.of(Action.NotifyChannel.LOG);
            case "webhook" -> Optional.of(Action.NotifyChannel.WEBHOOK);
            default -> Optional.empty();
        });
        if (channelName.isPresent() && channel.isEmpty()) {
            parsing.problems.add(channelNode.position(), "unknown notify channel '" + channelName.get() + "' in " + where
                    + "; expected log or webhook");
        }
        Optional<String> message = action.required("message", "the message, e.g. message: \"Coffee is brewing\"")
                .flatMap(value -> parsing.values.text(value, "message", where)
                        .filter(text -> parsing.checkTemplate(text, value, "message", where)));
        Optional<URI> url = action.optional("url").flatMap(value -> parsing.values.httpUrl(value, "url", where));
        if (channel.orElse(null) == Action.NotifyChannel.WEBHOOK && !action.has("url")) {
            parsing.problems.add(map.position(), where + " is missing required key 'url'; expected the webhook's URL");
        }
        if (channel.orElse(null) == Action.NotifyChannel.LOG && action.has("url")) {
            parsing.problems.add(map.entry("url").orElseThrow().keyPosition(), "'url' in " + where
                    + " goes with notify: webhook only");
        }
        if (channel.isEmpty() || message.isEmpty() || channel.get() == Action.NotifyChannel.WEBHOOK && url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Action.Notify(channel.get(), message.get(), url, source));
    }

    private Optional<Action> variables(YamlNode.Map map, String where, RuleSource source) {
        YamlNode node = parsing.only(map, where, "variables").orElseThrow();
        if (node instanceof YamlNode.Map values && values.entries().isEmpty()) {
            parsing.problems.add(node.position(), "'variables' in " + where + " is empty; expected e.g. { cups: 2 }");
            return Optional.empty();
        }
        return Optional.of(node)
                .filter(value -> parsing.checkTemplates(value, "variables", where))
                .flatMap(value -> parsing.values.jsonObject(value, "variables", where, "a map of names to values, e.g. { cups: 2 }"))
                .map(values -> new Action.Variables(values, source));
    }
}
