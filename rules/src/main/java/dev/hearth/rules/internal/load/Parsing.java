package dev.hearth.rules.internal.load;

import dev.hearth.rules.RuleSource;
import dev.hearth.rules.internal.expr.Expressions;
import dev.hearth.rules.internal.expr.Template;
import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** What the trigger, condition and action parsers share: the file's problems, value readers, sources. */
final class Parsing {
    final Problems problems;
    final ValueReader values;

    Parsing(Problems problems) {
        this.problems = problems;
        this.values = new ValueReader(problems);
    }

    RuleSource source(Position position) {
        return new RuleSource(problems.file(), position.line(), position.column());
    }

    /** How an item of one kind is read, once it proved a map with exactly one of its kinds. */
    interface KindReader<T> {
        Optional<T> read(YamlNode.Map map, String kind, RuleSource source);
    }

    /**
     * One trigger, condition or action: a map with exactly one of {@code kinds}, read by {@code read};
     * empty when anything in it was reported, so that a half-read item never stands.
     */
    <T> Optional<T> item(YamlNode node, String where, List<String> kinds, String example, KindReader<T> read) {
        Optional<YamlNode.Map> map = itemMap(node, where, "one of " + String.join(", ", kinds), example);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> kind = kind(map.get(), kinds, where, example);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        int problemsBefore = problems.count();
        Optional<T> item = read.read(map.get(), kind.get(), source(node.position()));
        return problems.count() > problemsBefore ? Optional.empty() : item;
    }

    /** The value of {@code key}, the one key the map may have. */
    Optional<YamlNode> only(YamlNode.Map map, String where, String key) {
        return new MapReader(map, where, List.of(key), problems).optional(key);
    }

    Optional<YamlNode.Map> itemMap(YamlNode node, String where, String keys, String example) {
        if (node instanceof YamlNode.Map map) {
            return Optional.of(map);
        }
        problems.add(node.position(), where + " must be a map with " + keys + ", e.g. " + example + "; got " + node.kindName());
        return Optional.empty();
    }

    /** The list's items, each read by {@code item} with its 1-based number; failed items are left out. */
    <T> List<T> list(YamlNode node, String key, String where, String what, boolean nonEmpty,
                     BiFunction<YamlNode, String, Optional<T>> item) {
        if (!(node instanceof YamlNode.Seq seq)) {
            return values.<List<T>>wrongType(node, key, where, "a list of " + what).orElse(List.of());
        }
        if (nonEmpty && seq.items().isEmpty()) {
            problems.add(seq.position(), "'" + key + "' in " + where + " is empty; expected at least one of its " + what);
        }
        List<T> items = new ArrayList<>();
        String singular = what.substring(0, what.length() - (what.endsWith("ches") ? 2 : 1));
        for (int index = 0; index < seq.items().size(); index++) {
            item.apply(seq.items().get(index), singular + " " + (index + 1) + " of " + where).ifPresent(items::add);
        }
        return items;
    }

    /** A CEL expression, compiled and type-checked now; its errors point into the YAML file. */
    Optional<String> expression(YamlNode node, String key, String where, boolean bool) {
        Optional<String> text = values.text(node, key, where);
        if (text.isEmpty()) {
            return text;
        }
        int problemsBefore = problems.count();
        checkExpression(text.get(), node, 0, key, where, bool);
        return problems.count() > problemsBefore ? Optional.empty() : text;
    }

    /** Checks every {@code ${...}} in a text; false after reporting a problem. */
    boolean checkTemplate(String text, YamlNode node, String key, String where) {
        if (!Template.isTemplate(text)) {
            return true;
        }
        int problemsBefore = problems.count();
        try {
            for (Template.Part part : Template.parse(text)) {
                if (part.expression()) {
                    checkExpression(part.text(), node, part.offset(), key, where, false);
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(node.position(), "bad template in '" + key + "' of " + where + ": " + e.getMessage()
                    + "; expected ${expression}, e.g. \"${trigger.to}\"");
        }
        return problems.count() == problemsBefore;
    }

    private void checkExpression(String expression, YamlNode node, int offset, String key, String where, boolean bool) {
        for (Expressions.Problem problem : Expressions.check(expression, bool)) {
            Position at = problems.positionInScalar(node.position(), offset, problem.line(), problem.column());
            problems.add(at, "bad expression in '" + key + "' of " + where + ": " + problem.message()
                    + (bool ? "; expected a CEL boolean over state, trigger and vars, e.g. state['coffee-1'].water_ml > 200"
                    : "; expected a CEL expression over state, trigger and vars"));
        }
    }

    /** Checks the templates of every text in a YAML value (a command's args, a desired state). */
    boolean checkTemplates(YamlNode node, String key, String where) {
        if (node instanceof YamlNode.Map map) {
            boolean ok = true;
            for (YamlNode.Entry entry : map.entries()) {
                ok &= checkTemplates(entry.value(), key + "." + entry.key(), where);
            }
            return ok;
        }
        if (node instanceof YamlNode.Seq seq) {
            boolean ok = true;
            for (YamlNode item : seq.items()) {
                ok &= checkTemplates(item, key, where);
            }
            return ok;
        }
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        return !scalar.value().isTextual() || checkTemplate(scalar.text(), node, key, where);
    }

    /** Which of {@code kinds} the map has: exactly one, or empty after reporting none or several. */
    Optional<String> kind(YamlNode.Map map, List<String> kinds, String where, String example) {
        List<String> present = kinds.stream().filter(kind -> map.entry(kind).isPresent()).toList();
        if (present.size() == 1) {
            return Optional.of(present.get(0));
        }
        if (present.isEmpty()) {
            problems.add(map.position(), where + " has none of: " + String.join(", ", kinds) + "; expected e.g. " + example);
        } else {
            problems.add(map.entry(present.get(1)).orElseThrow().keyPosition(), where + " has both '" + present.get(0)
                    + "' and '" + present.get(1) + "'; expected one kind per item");
        }
        return Optional.empty();
    }
}
