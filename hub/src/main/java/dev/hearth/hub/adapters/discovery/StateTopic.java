package dev.hearth.hub.adapters.discovery;

/** A topic an entity reads one of its values from, and the template that reads it ({@code {{ value }}} when none). */
public record StateTopic(String topic, ValueTemplate template) {
}
