package dev.hearth.hub.adapters.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A profile's text with placeholders: {@code {topic}} (the login's native topic), {@code {name}}
 * (the native device's name behind a bridge), {@code {n}} (the number a field or topic pattern
 * matched, e.g. the 2 of POWER2, or nothing) and, in commands, {@code {args.relay}} (an argument
 * of the command). A placeholder without a value renders as nothing: {@code POWER{args.relay}} is
 * {@code POWER} when the command has no relay argument.
 */
public record Template(String text, List<Part> parts) {
    /** The placeholders a profile may write; {@code args.*} only in commands. */
    static final Set<String> PLACEHOLDERS = Set.of("topic", "name", "n");

    public Template {
        parts = List.copyOf(parts);
    }

    /** A literal piece, or a placeholder's name. */
    public record Part(String literal, String placeholder) {
    }

    /** Parsed; the exception names what is wrong (an unclosed brace, an unknown placeholder). */
    public static Template parse(String text, boolean argsAllowed) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('{', at);
            if (open < 0) {
                parts.add(new Part(text.substring(at), null));
                break;
            }
            if (open > at) {
                parts.add(new Part(text.substring(at, open), null));
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at character " + (open + 1) + " is never closed");
            }
            String name = text.substring(open + 1, close);
            boolean arg = name.startsWith("args.") && name.length() > "args.".length();
            if (!PLACEHOLDERS.contains(name) && !(argsAllowed && arg)) {
                throw new IllegalArgumentException("unknown placeholder {" + name + "}; expected {topic}, {name}, {n}"
                        + (argsAllowed ? " or {args.NAME}" : ""));
            }
            parts.add(new Part(null, name));
            at = close + 1;
        }
        return new Template(text, parts);
    }

    public boolean uses(String placeholder) {
        return parts.stream().anyMatch(part -> placeholder.equals(part.placeholder()));
    }

    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Part part : parts) {
            out.append(part.literal() != null ? part.literal() : values.getOrDefault(part.placeholder(), ""));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
