package dev.hearth.device.internal;

import static dev.hearth.device.internal.ConnectionState.CLOSED;
import static dev.hearth.device.internal.ConnectionState.CONNECTED;
import static dev.hearth.device.internal.ConnectionState.CONNECTING;
import static dev.hearth.device.internal.ConnectionState.NEW;
import static dev.hearth.device.internal.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionStateTest {
    /** The arrows of the diagram in ConnectionState's Javadoc. */
    private static final Map<ConnectionState, Set<ConnectionState>> ARROWS = Map.of(
            NEW, EnumSet.of(CONNECTING, CONNECTED, CLOSED),
            CONNECTING, EnumSet.of(CONNECTED, CLOSED),
            CONNECTED, EnumSet.of(RECONNECTING, CLOSED),
            RECONNECTING, EnumSet.of(CONNECTED, CLOSED),
            CLOSED, EnumSet.noneOf(ConnectionState.class));

    @Test
    void allowsExactlyTheArrowsOfTheDiagram() {
        for (ConnectionState from : ConnectionState.values()) {
            for (ConnectionState to : ConnectionState.values()) {
                if (ARROWS.get(from).contains(to)) {
                    assertThat(from.to(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.to(to)).isInstanceOf(IllegalStateException.class)
                            .hasMessage("connection state " + from + " cannot become " + to);
                }
            }
        }
    }

    @Test
    void onlyAConnectionAfterAnEarlierOneIsAReconnect() {
        assertThat(EnumSet.allOf(ConnectionState.class)).filteredOn(ConnectionState::hasBeenConnected)
                .containsExactlyInAnyOrder(CONNECTED, RECONNECTING);
    }
}
