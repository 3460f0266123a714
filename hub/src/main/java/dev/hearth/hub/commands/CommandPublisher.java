package dev.hearth.hub.commands;

import java.util.concurrent.CompletableFuture;

/** Puts a command on the wire; the broker implements it with an in-process publish. */
@FunctionalInterface
public interface CommandPublisher {
    CompletableFuture<Void> publish(String topic, byte[] payload, String responseTopic, byte[] correlationData);
}
