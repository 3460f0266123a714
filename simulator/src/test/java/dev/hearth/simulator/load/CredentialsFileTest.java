package dev.hearth.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.simulator.scenario.ScenarioLoadException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsFileTest {
    @Test
    void readsTheFileTheHubGenerates() throws Exception {
        var list = CredentialsFile.parse("c.yaml", """
                devices:
                  - id: load-0001
                    password: 3q2-7f3a9c
                  - id: load-0002
                    password: "0042"
                """);

        assertThat(list).containsExactly(new Credentials("load-0001", "3q2-7f3a9c"), new Credentials("load-0002", "0042"));
        assertThat(list.get(0).toString()).doesNotContain("3q2");
        assertThat(Credentials.select(list, LoadProtocol.HEARTH, Optional.of(1))).extracting(Credentials::deviceId)
                .containsExactly("load-0001");
        assertThatThrownBy(() -> Credentials.select(list, LoadProtocol.HEARTH, Optional.of(3)))
                .hasMessage("asks for 3 hearth devices, and there are 2");
    }

    @Test
    void nativeLoginsCarryTheirProtocolTopicAndABridgeItsDevices() throws Exception {
        var list = CredentialsFile.parse("c.yaml", """
                devices:
                  - id: plug-1
                    password: a
                    protocol: tasmota
                    topic: tasmota_A1
                  - id: shelly-1
                    password: b
                    protocol: shelly
                  - id: bridge-1
                    password: c
                    protocol: zigbee2mqtt
                    topic: z2m-1
                    devices: [motion-1, motion-2]
                  - id: bridge-2
                    password: d
                    protocol: zigbee2mqtt
                    topic: z2m-2
                    devices: [motion-3, motion-4]
                """);

        assertThat(list.get(0)).isEqualTo(new Credentials("plug-1", "a", LoadProtocol.TASMOTA, Optional.of("tasmota_A1"), List.of()));
        assertThat(list.get(1).topic()).as("its id when left out").contains("shelly-1");
        assertThat(list.get(2).devices()).containsExactly("motion-1", "motion-2");
        List<Credentials> three = Credentials.select(list, LoadProtocol.ZIGBEE2MQTT, Optional.of(3));
        assertThat(three).extracting(Credentials::deviceId).containsExactly("bridge-1", "bridge-2");
        assertThat(three.get(1).devices()).as("the last bridge speaks for fewer").containsExactly("motion-3");
        assertThat(Credentials.select(list, LoadProtocol.ZIGBEE2MQTT, Optional.empty())).hasSize(2);
        assertThat(Credentials.devices(list, LoadProtocol.ZIGBEE2MQTT)).isEqualTo(4);
        assertThatThrownBy(() -> Credentials.select(list, LoadProtocol.HA_DISCOVERY, Optional.empty()))
                .hasMessage("asks for 0 ha-discovery devices, and there are 0");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `devices:\\n  - id: a\\n    password: p\\n  - id: a\\n    password: q`  | c.yaml:4:9: duplicate device id 'a' (first at line 2)
            `devices:\\n  - id: a/b\\n    password: p`                            | c.yaml:2:9: invalid device id 'a/b'
            `devices:\\n  - id: a`                                                | c.yaml:2:5: missing key 'password'
            `devices:\\n  - id: a\\n    password: p\\n    pasword: q`              | c.yaml:4:5: unknown key 'pasword' in a device, expected: id, password
            `devices: []`                                                         | c.yaml:1:10: no devices in the credentials file
            `device: []`                                                          | c.yaml:1:1: unknown key 'device', expected: devices
            ``                                                                    | c.yaml:1:1: empty credentials file
            `devices:\\n  - id: a\\n    password: [p]`                            | c.yaml:3:15: 'password' should be a text value, got a list
            """)
    void errorsSayWhere(String yaml, String message) {
        assertThatThrownBy(() -> CredentialsFile.parse("c.yaml", yaml == null ? "" : yaml.replace("\\n", "\n")))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageStartingWith(message);
    }
}
