package dev.hearth.hub.broker;

import dev.hearth.hub.config.MqttSettings;

/** The HiveMQ config.xml for the hub's settings: one TCP listener, in-memory persistence, no phoning home. */
final class BrokerConfigXml {
    /** The MQTT maximum: the hub's own, lower limit is checked at login, where it is counted. */
    static final int MAX_CLIENT_ID_LENGTH = 65_535;

    private BrokerConfigXml() {
    }

    static String render(MqttSettings mqtt, int port, int tlsPort) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                %s    </listeners>
                    <mqtt>
                        <packets>
                            <max-packet-size>%d</max-packet-size>
                        </packets>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard-oldest</strategy>
                        </queued-messages>
                    </mqtt>
                    <restrictions>
                        <max-connections>%d</max-connections>
                        <max-client-id-length>%d</max-client-id-length>
                    </restrictions>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, escape(mqtt.host()), tlsListener(mqtt, tlsPort), mqtt.maxPacketSize(),
                        mqtt.maxQueuedMessages(),
                        // HiveMQ's own limit sits above ours, so ours refuses first and counts it
                        mqtt.maxConnections() + 100, MAX_CLIENT_ID_LENGTH);
    }

    private static String tlsListener(MqttSettings mqtt, int tlsPort) {
        return mqtt.tls().map(tls -> """
                        <tls-tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                            </tls>
                        </tls-tcp-listener>
                """.formatted(tlsPort, escape(mqtt.host()), escape(tls.keystore().toString()),
                escape(tls.keystorePassword()), escape(tls.keyPassword()))).orElse("");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
