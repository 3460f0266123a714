package dev.hearth.hub.adapters.profile;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A native topic a profile reads, e.g. {@code stat/{topic}/POWER{n}} or
 * {@code {topic}/{name}/availability}, made concrete for one login (its {@code {topic}} filled in).
 * {@code {n}} matches a number or nothing at the end of a level; {@code {name}} one or more levels,
 * and only a name the login speaks for (a Zigbee2MQTT friendly name may hold '/', so the bridge's
 * device list decides where the name ends); a last level {@code #} matches anything below.
 */
public final class TopicPattern {
    private final Template template;

    TopicPattern(Template template) {
        this.template = template;
    }

    public Template template() {
        return template;
    }

    /** What a topic matched: the native device's name (when the pattern has one) and the number {@code {n}}. */
    public record Match(Optional<String> name, String n) {
    }

    /** Checks the pattern's shape; the exception says what is wrong. */
    static TopicPattern parse(String text) {
        Template template = Template.parse(text, false);
        if (!template.uses("topic")) {
            throw new IllegalArgumentException("a topic pattern starts from the login's {topic}");
        }
        String[] levels = text.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.isEmpty()) {
                throw new IllegalArgumentException("an empty topic level");
            }
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' may only be the whole last level");
            }
            if (level.contains("+")) {
                throw new IllegalArgumentException("'+' is not supported; use {n}, {name} or a last level '#'");
            }
            if (level.contains("{n}") && !level.endsWith("{n}")) {
                throw new IllegalArgumentException("{n} may only end a level, as in POWER{n}");
            }
            if (level.contains("{name}") && !level.equals("{name}")) {
                throw new IllegalArgumentException("{name} stands for whole levels");
            }
        }
        for (String once : new String[] {"{name}", "{n}"}) {
            if (text.indexOf(once) != text.lastIndexOf(once)) {
                throw new IllegalArgumentException(once + " may appear once");
            }
        }
        return new TopicPattern(template);
    }

    public boolean hasName() {
        return template.uses("name");
    }

    /** The pattern made concrete for the login whose native topic is {@code root}. */
    public Concrete forRoot(String root) {
        StringBuilder regex = new StringBuilder("^");
        for (Template.Part part : template.parts()) {
            if (part.literal() != null) {
                String literal = part.literal();
                if (literal.endsWith("#")) { // a last level '#': below the level before it, or that level itself
                    String parent = literal.substring(0, literal.length() - 2);
                    regex.append(Pattern.quote(parent)).append("(?:/.*)?");
                } else {
                    regex.append(Pattern.quote(literal));
                }
            } else {
                switch (part.placeholder()) {
                    case "topic" -> regex.append(Pattern.quote(root));
                    case "name" -> regex.append("(?<name>.+)");
                    default -> regex.append("(?<n>[0-9]{0,3})");
                }
            }
        }
        return new Concrete(Pattern.compile(regex.append('$').toString()));
    }

    /** A pattern of one login. */
    public final class Concrete {
        private final Pattern regex;

        private Concrete(Pattern regex) {
            this.regex = regex;
        }

        /** The match, if the topic has this shape and its name (if any) is one of {@code knownName}. */
        public Optional<Match> match(String topic, Predicate<String> knownName) {
            Matcher matcher = regex.matcher(topic);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Optional<String> name = Optional.empty();
            if (hasName()) {
                name = Optional.of(matcher.group("name"));
                if (!knownName.test(name.get())) {
                    return Optional.empty();
                }
            }
            String n = template.uses("n") ? matcher.group("n") : "";
            return Optional.of(new Match(name, n));
        }

        /** Whether the topic has this shape, whatever the name in it: a bridge's topic about a device it did not list. */
        public boolean shapeMatches(String topic) {
            return regex.matcher(topic).matches();
        }

        public TopicPattern pattern() {
            return TopicPattern.this;
        }
    }

    @Override
    public String toString() {
        return template.text();
    }
}
