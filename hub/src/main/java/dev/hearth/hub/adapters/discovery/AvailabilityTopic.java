package dev.hearth.hub.adapters.discovery;

/** One topic a config says the entity's availability comes from, with the payloads that mean online and offline. */
public record AvailabilityTopic(String topic, String online, String offline, ValueTemplate template) {
}
