package dev.hearth.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hub.config.MqttSettings;
import org.junit.jupiter.api.Test;

class BrokerConfigXmlTest {
    @Test
    void boundsWhatTheBrokerHoldsForEachClient() {
        MqttSettings mqtt = MqttSettings.of(null, null, 4096, 20, null, 7, null, null);

        String xml = BrokerConfigXml.render(mqtt, 1883, 0);

        assertThat(xml).contains("<max-packet-size>4096</max-packet-size>")
                .contains("<max-queue-size>7</max-queue-size>", "<strategy>discard-oldest</strategy>")
                .contains("<max-connections>120</max-connections>")
                .contains("<max-client-id-length>65535</max-client-id-length>");
    }
}
