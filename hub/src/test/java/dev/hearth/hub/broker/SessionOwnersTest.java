package dev.hearth.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SessionOwnersTest {
    private final Set<String> brokerSessions = new HashSet<>();
    private final SessionOwners owners = new SessionOwners(id -> CompletableFuture.completedFuture(brokerSessions.contains(id)));

    @Test
    void aClientIdIsTheFirstDevicesWhileItsSessionLives() {
        assertThat(owners.claim("bed-1", "bed-1").join()).isTrue();
        brokerSessions.add("bed-1");
        assertThat(owners.claim("bed-1", "bed-1").join()).as("the owner taking over its own session").isTrue();
        assertThat(owners.claim("bed-1", "dev-a").join()).as("connected").isFalse();
        owners.disconnected("bed-1");
        owners.disconnected("bed-1");
        assertThat(owners.claim("bed-1", "dev-a").join()).as("away, its session kept").isFalse();

        brokerSessions.remove("bed-1");
        assertThat(owners.claim("bed-1", "dev-a").join()).as("the session expired (found at the next claim)").isTrue();
        assertThat(owners.claim("bed-1", "bed-1").join()).as("now dev-a's, and connected").isFalse();
    }

    @Test
    void anIdWhoseSessionEndedIsFreeAndForgotten() {
        owners.claim("mosq-1", "bed-1").join();
        owners.sessionEnded("mosq-1");
        assertThat(owners.claim("mosq-1", "coffee-1").join()).as("still connected").isFalse();
        owners.disconnected("mosq-1");
        owners.sessionEnded("mosq-1");
        brokerSessions.add("mosq-1"); // a lookup now would refuse: the binding must be gone, not looked up
        assertThat(owners.claim("mosq-1", "coffee-1").join()).isTrue();
    }
}
