package dev.hearth.hub.broker;

import dev.hearth.hub.config.MqttSettings;

/** The HiveMQ config.xml for the hub's settings: one TCP listener, in-memory persistence, no phoning home. */
final class BrokerConfigXml {
    private BrokerConfigXml() {
    }

    static String render(MqttSettings mqtt, int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <packets>
                            <max-packet-size>%d</max-packet-size>
                        </packets>
                    </mqtt>
                    <restrictions>
                        <max-connections>%d</max-connections>
                    </restrictions>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, escape(mqtt.host()), mqtt.maxPacketSize(),
                        // HiveMQ's own limit sits above ours, so ours refuses first and counts it
                        mqtt.maxConnections() + 100);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
