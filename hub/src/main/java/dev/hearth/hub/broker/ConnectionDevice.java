package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import java.util.Optional;

/** The device id an authenticated connection belongs to, kept in the connection's attributes. */
final class ConnectionDevice {
    private static final String ATTRIBUTE = "hearth.device-id";

    private ConnectionDevice() {
    }

    static void remember(ClientBasedInput connection, String deviceId) {
        connection.getConnectionInformation().getConnectionAttributeStore().putAsString(ATTRIBUTE, deviceId);
    }

    static Optional<String> of(ClientBasedInput connection) {
        return connection.getConnectionInformation().getConnectionAttributeStore().getAsString(ATTRIBUTE);
    }
}
