package dev.hearth.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.simulator.scenario.ScenarioLoadException;
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
        assertThat(Credentials.fromList(list).apply(1).deviceId()).isEqualTo("load-0002");
        assertThat(list.get(0).toString()).doesNotContain("3q2");
        assertThatThrownBy(() -> Credentials.fromList(list).apply(2)).hasMessage("credentials for 2 devices, asked for device #3");
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
