package dev.hearth.hub.bridges;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a user reads in the log and /health when a broker of bridges: cannot be reached. */
class BrokerLinkDescribeTest {
    /** Paho's code for a connection that could not be made (MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR). */
    private static final int SERVER_CONNECT_ERROR = 32103;

    @ParameterizedTest(name = "CONNACK {0}")
    @CsvSource(delimiter = '|', textBlock = """
            134 | refused the login: bad user name or password (bridges[].username and password)
            135 | refused the login: not authorized (user name, password or client certificate)
            132 | the broker does not speak MQTT 5 (Mosquitto does from 1.6)
            """)
    void aRefusedLoginSaysWhatToCheck(int reason, String expected) {
        assertThat(BrokerLink.describe(new MqttException(reason))).isEqualTo(expected);
    }

    @Test
    void aBrokerThatIsNotThereOrNotTrustedSaysSo() {
        MqttException refused = new MqttException(SERVER_CONNECT_ERROR, new ConnectException("Connection refused"));
        assertThat(BrokerLink.describe(refused)).isEqualTo("unreachable: Connection refused");
        MqttException untrusted = new MqttException(SERVER_CONNECT_ERROR,
                new SSLHandshakeException("PKIX path building failed"));
        assertThat(BrokerLink.describe(untrusted)).startsWith("TLS failed: PKIX path building failed");
    }
}
