package dev.hearth.device.internal;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/** Says in words why a connect failed, from Paho's reason codes. */
final class ConnectFailures {
    private ConnectFailures() {
    }

    static String describe(MqttException e, String serverUri) {
        return switch (e.getReasonCode()) {
            case MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD, MqttReturnCode.RETURN_CODE_BAD_AUTHENTICATION ->
                    "connection refused: bad user name or password";
            case MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED -> "connection refused: not authorized";
            case MqttReturnCode.RETURN_CODE_IDENTIFIER_NOT_VALID -> "connection refused: client identifier not valid";
            case MqttReturnCode.RETURN_CODE_BANNED -> "connection refused: banned";
            case MqttReturnCode.RETURN_CODE_SERVER_UNAVAILABLE, MqttReturnCode.RETURN_CODE_SERVER_BUSY,
                    MqttReturnCode.RETURN_CODE_SERVER_SHUTTING_DOWN -> "connection refused: broker unavailable";
            case MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "timed out connecting to " + serverUri;
            case MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot reach the broker at " + serverUri
                    + (e.getCause() != null ? ": " + e.getCause().getMessage() : "");
            default -> "cannot connect to " + serverUri + ": " + e.getMessage() + " (reason " + e.getReasonCode() + ")";
        };
    }
}
