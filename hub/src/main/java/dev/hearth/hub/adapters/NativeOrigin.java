package dev.hearth.hub.adapters;

/**
 * Where a device translated by an adapter comes from: its protocol, the login that speaks for it
 * (the device itself, or its bridge) and its native name (the Tasmota topic, the friendly name).
 */
public record NativeOrigin(Protocol protocol, String login, String nativeName) {
}
