package dev.hearth.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubConfigLoaderTest {
    private static final String HASH = "$2a$10$YoAbZELOvJDAtD/stz40uOB1eRI9c/O8kW9g.1.ywFUV8.GgDivsK";

    @TempDir
    Path folder;

    @Test
    void readsEveryKeyAndResolvesPathsAgainstTheFile() throws Exception {
        Path file = write("""
                mqtt:
                  host: 0.0.0.0
                  port: 1884
                  max-packet-size: 4096
                  max-connections: 50
                  rate-limit: 0
                  max-queued-messages: 20
                  login-backoff-seconds: 30
                  tls: { port: 8884, keystore: keys/hub.p12, keystore-password: secret }
                http: { port: 9090 }
                data-dir: var/data
                rules: my-rules
                rules-engine: { latitude: 52.5, longitude: 13.4, dry-run: true, breaker-runs: 500 }
                devices:
                  - id: bed-1
                    password-hash: "%s"
                """.formatted(HASH));
        HubConfig config = HubConfigLoader.load(file);
        assertThat(config.mqtt()).isEqualTo(new MqttSettings("0.0.0.0", 1884, 4096, 50, 0, 20,
                Optional.of(new MqttTls(8884, folder.resolve("keys/hub.p12"), "secret", "secret")), 30));
        assertThat(config.http()).isEqualTo(new HttpSettings("127.0.0.1", 9090));
        assertThat(config.dataDir()).isEqualTo(folder.resolve("var/data"));
        assertThat(config.rules()).isEqualTo(folder.resolve("my-rules"));
        assertThat(config.rulesEngine()).isEqualTo(new RulesSettings(Optional.of(new RulesSettings.Location(52.5, 13.4)), true, 500));
        assertThat(config.devices()).containsExactly(new DeviceCredential("bed-1", HASH));
    }

    @Test
    void theConfigRemembersItsFileForMessagesAboutItsDevices() throws Exception {
        Path file = write("""
                devices:
                  - id: bed-1
                    password-hash: "%s"
                """.formatted(HASH));
        ConfiguredDevices devices = HubConfigLoader.load(folder.resolve(".").resolve("hearth.yml")).configuredDevices();
        assertThat(devices.defines("bed-1")).isTrue();
        assertThat(devices.defines("lamp-1")).isFalse();
        assertThat(devices.refusal("bed-1")).isEqualTo("bed-1 is defined in " + file.toAbsolutePath().normalize() + "; change it there");
    }

    @Test
    void theFileIsNotAKeyOfTheConfig() throws Exception {
        assertThatThrownBy(() -> HubConfigLoader.load(write("file: /etc/elsewhere.yml\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("hearth.yml:1:1: at 'file': unknown key 'file'; expected one of: bridges, cluster, data-dir, devices,"
                        + " homeassistant, http, mqtt, rules, rules-engine, storage");
    }

    @Test
    void defaultsFillWhatTheFileLeavesOut() throws Exception {
        HubConfig config = HubConfigLoader.load(write("devices: []\n"));
        assertThat(config.mqtt().port()).isEqualTo(1883);
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.devices()).isEmpty();
        assertThat(config.rulesEngine().breakerRuns()).isEqualTo(RulesSettings.DEFAULT_BREAKER_RUNS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file      | ''
            only comments   | '# nothing yet\n'
            """)
    void anEmptyFileIsRefused(String name, String yaml) throws Exception {
        Path file = write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> HubConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": the config file is empty; expected at least the devices: list (deploy/hearth.yml shows every key)");
    }

    @Test
    void invalidUtf8IsRefusedAtItsLineAndColumn() throws Exception {
        Path file = folder.resolve("hearth.yml");
        Files.write(file, new byte[] {'m', 'q', 't', 't', ':', '\n', ' ', ' ', 'h', 'o', 's', 't', ':', ' ', (byte) 0xC3, '(', '\n'});
        assertThatThrownBy(() -> HubConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2:9: not UTF-8 text; expected the config saved as UTF-8");
    }

    @Test
    void whatTheConfigNamesOnThisMachineIsCheckedBeforeAnythingStarts() throws Exception {
        Files.writeString(folder.resolve("data"), "a file, not a folder");
        Path file = write("http:\n  host: garbage\nmqtt:\n  host: 127.0.0.1\n  tls: { keystore: nowhere.p12, keystore-password: x }\n"
                + "data-dir: data\ndevices: []\n");
        HubConfig config = HubConfigLoader.load(file);
        assertThatThrownBy(() -> StartupChecks.require(config)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("at 'http.host': unknown host 'garbage'")
                .hasMessageContaining("at 'data-dir': " + folder.resolve("data") + " is a file")
                .hasMessageContaining("at 'mqtt.tls.keystore': " + folder.resolve("nowhere.p12") + " not found");
    }

    @Test
    void theShippedExampleLoads() {
        Path example = Path.of("../deploy/hearth.yml");
        if (!Files.exists(example)) {
            example = Path.of("deploy/hearth.yml");
        }
        HubConfig config = HubConfigLoader.load(example);
        assertThat(config.devices()).extracting(DeviceCredential::id).containsExactly("bed-1", "coffee-1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key          | 'mqtt:\\n  prot: 1\\n'                                  | :2:3: at 'mqtt.prot': unknown key 'prot'; expected one of: host, login-backoff-seconds, max-connections, max-packet-size, max-queued-messages, port, rate-limit, tls
            unknown engine key   | 'rules-engine:\\n  lat: 1\\n'                        | :2:3: at 'rules-engine.lat': unknown key 'lat'; expected one of: breaker-runs, dry-run, latitude, longitude
            unknown storage key  | 'storage:\\n  pool: 1\\n'                            | :2:3: at 'storage.pool': unknown key 'pool'; expected one of: history-retention-days, password, pool-size, url, user
            unknown tls key      | 'mqtt:\\n  tls: { keystore: k.p12, keystore-password: x, pass: y }\\n' | at 'mqtt.tls.pass': unknown key 'pass'; expected one of: key-password, keystore, keystore-password, port
            latitude alone       | 'rules-engine:\\n  latitude: 52.5\\n'                | rules-engine.latitude and rules-engine.longitude go together
            latitude off Earth   | 'rules-engine:\\n  latitude: 95\\n  longitude: 13\\n' | rules-engine.latitude must be within -90..90 and longitude within -180..180
            wrong type           | 'mqtt:\\n  port: many\\n'                               | :2:3: at 'mqtt.port':
            list for a section   | 'mqtt: [1883]\\n'                                     | :1:1: at 'mqtt':
            port out of range    | 'http:\\n  port: 70000\\n'                              | http.port must be between 0 and 65535, got 70000
            no queue             | 'mqtt:\\n  max-queued-messages: 0\\n'                 | mqtt.max-queued-messages must be at least 1, got 0
            tab indentation      | 'mqtt:\\n\tport: 1883\\n'                             | :2:1: tab character in indentation; YAML indents with spaces only
            device without hash  | 'devices:\\n  - id: bed-1\\n'                           | device 'bed-1' needs a password-hash
            device id with slash | 'devices:\\n  - id: a/b\\n    password-hash: x\\n'     | invalid device id 'a/b'
            breaker below one    | 'rules-engine:\\n  breaker-runs: 0\\n'                 | rules-engine.breaker-runs must be at least 1, was 0
            duplicate section    | 'mqtt:\n  port: 1\nmqtt:\n  port: 2\n'                | :3:1: duplicate key 'mqtt' (first at 1:1)
            duplicate device     | 'devices:\\n  - {id: a, password-hash: $2a$}\\n  - {id: a, password-hash: $2a$}\\n' | device 'a' is declared twice
            unknown protocol     | 'devices:\\n  - {id: a, password-hash: $2a$, protocol: zwave}\\n' | :2:5: at 'devices[0]': unknown protocol 'zwave'; expected one of hearth, tasmota, zigbee2mqtt, shelly, homeassistant, ha-discovery
            topic of a wire device | 'devices:\\n  - {id: a, password-hash: $2a$, topic: t}\\n'       | device 'a': 'topic' goes with a native protocol
            wildcard in a topic  | 'devices:\\n  - {id: a, password-hash: $2a$, protocol: tasmota, topic: "t/#"}\\n' | device 'a': topic 't/#' is not a usable topic
            discovery node of two levels | 'devices:\\n  - {id: a, password-hash: $2a$, protocol: ha-discovery, topic: "a/b"}\\n' | device 'a': topic 'a/b' is not a usable node id
            discovery node of the hub's | 'devices:\\n  - {id: a, password-hash: $2a$, protocol: ha-discovery, topic: hearth}\\n' | :2:58: at 'devices[0].topic': login 'a' (ha-discovery, topic 'hearth') would share topics with the hub's own hearth/ tree (hearth/status, what it publishes for Home Assistant): its hearth/# overlaps hearth/#
            unknown device key   | 'devices:\\n  - {id: a, password-hash: $2a$, base: t}\\n'        | unknown key 'base'; expected one of: id, password-hash, protocol, site, topic, username
            username of a wire device | 'devices:\\n  - {id: a, username: b, password-hash: $2a$}\\n' | :2:5: at 'devices[0]': device 'a': 'username' goes with a native protocol (tasmota, zigbee2mqtt, shelly or ha-discovery); a Hearth device or Home Assistant logs in with its id
            username not an id   | 'devices:\\n  - {id: a, username: "b c", password-hash: $2a$, protocol: tasmota}\\n' | at 'devices[0]': 
            username, another's id | 'devices:\\n  - {id: bed-1, password-hash: $2a$}\\n  - {id: p, username: bed-1, password-hash: $2a$, protocol: tasmota}\\n' | :3:13: at 'devices[1].username': device 'p' logs in as 'bed-1', which is the id of device 'bed-1' (devices[0]); a user name must be one login's (give it another)
            username, a bridged id | 'devices:\\n  - {id: p, username: lamp, password-hash: $2a$, protocol: tasmota}\\nbridges:\\n  - { id: home, url: "mqtt://h", devices: [{id: lamp, protocol: tasmota}] }\\n' | :2:13: at 'devices[0].username': device 'p' logs in as 'lamp', which is the id of a device of bridge 'home'
            HA login, no discovery | 'devices:\\n  - {id: ha, password-hash: $2a$, protocol: homeassistant}\\n' | login 'ha' speaks homeassistant, but Home Assistant discovery is off; turn it on with homeassistant: { discovery: true }
            HA login with a topic | 'homeassistant: { discovery: true }\\ndevices:\\n  - {id: ha, password-hash: $2a$, protocol: homeassistant, topic: t}\\n' | login 'ha': 'topic' goes with a device protocol
            HA prefix of levels  | 'homeassistant: { discovery: true, prefix: "a/b" }\\n' | homeassistant.prefix must be one topic level of letters, digits, '_' or '-', was 'a/b'
            HA prefix of Hearth  | 'homeassistant: { discovery: true, prefix: hearth }\\n' | homeassistant.prefix 'hearth' is a tree of Hearth's own
            bridge without url   | 'bridges:\\n  - { id: home, devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n' | :2:5: at 'bridges[0]': bridge 'home' needs a url, e.g. mqtt://192.168.1.10:1883
            bridge over http     | 'bridges:\\n  - { id: home, url: "http://h", devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n' | :2:5: at 'bridges[0]': bridge 'home': url 'http://h' is not an MQTT url; expected mqtt://host:1883 or mqtts://host:8883
            bridge of nothing    | 'bridges:\\n  - { id: home, url: "mqtt://h" }\\n' | bridge 'home' lists no devices
            bridge, two passwords | 'bridges:\\n  - { id: home, url: "mqtt://h", username: u, password: p, password-file: f, devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n' | bridge 'home': password and password-file, choose one
            bridge, CA in plain  | 'bridges:\\n  - { id: home, url: "mqtt://h", ca-file: ca.crt, devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n' | bridge 'home': ca-file and client certificates go with an mqtts:// url
            bridge, half a cert  | 'bridges:\\n  - { id: home, url: "mqtts://h", client-cert-file: c.crt, devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n' | client-cert-file and client-key-file go together
            bridged wire device  | 'bridges:\\n  - { id: home, url: "mqtt://h", devices: [{id: a, protocol: hearth}] }\\n' | device 'a' of a bridge speaks hearth; a bridge carries native devices
            bridged, no protocol | 'bridges:\\n  - { id: home, url: "mqtt://h", devices: [{id: a}] }\\n' | device 'a' of a bridge needs a protocol
            device on two brokers | 'devices:\\n  - {id: a, password-hash: $2a$, protocol: tasmota}\\nbridges:\\n  - { id: home, url: "mqtt://h", devices: [{id: a, protocol: tasmota}] }\\n' | device 'a' of bridge 'home' is declared twice
            two bridges, one id  | 'bridges:\\n  - { id: home, url: "mqtt://h", devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n  - { id: home, url: "mqtt://g", devices: [{id: p, protocol: tasmota}] }\\n' | bridge 'home' is declared twice
            unknown bridge key   | 'bridges:\\n  - { id: home, url: "mqtt://h", pasword: x, devices: [{id: z2m, protocol: zigbee2mqtt}] }\\n' | at 'bridges[0].pasword': unknown key 'pasword'; expected one of: ca-file, client-cert-file, client-id, client-key-file, devices, id, password, password-file, url, username
            unknown HA key       | 'homeassistant:\\n  prefx: x\\n'                      | :2:3: at 'homeassistant.prefx': unknown key 'prefx'; expected one of: discovery, prefix, republish-delay-max-ms, support-url
            """)
    void badConfigSaysWhereAndWhat(String name, String yaml, String expected) throws Exception {
        Path file = write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> HubConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Shelly on devices/        | '- {id: sh, password-hash: $2a$, protocol: shelly, topic: devices}' | login 'sh' (shelly, topic 'devices') would share topics with Hearth's own devices/ tree (the wire contract's devices): its devices/# overlaps devices/#
            Shelly below devices/     | '- {id: sh, password-hash: $2a$, protocol: shelly, topic: devices/coffee-1}' | login 'sh' (shelly, topic 'devices/coffee-1') would share topics with Hearth's own devices/ tree
            bridge on hearth/         | '- {id: z, password-hash: $2a$, protocol: zigbee2mqtt, topic: hearth}' | login 'z' (zigbee2mqtt, topic 'hearth') would share topics with the hub's own hearth/ tree
            bridge on HA's prefix     | '- {id: z, password-hash: $2a$, protocol: zigbee2mqtt, topic: homeassistant/zigbee}' | login 'z' (zigbee2mqtt, topic 'homeassistant/zigbee') would share topics with Home Assistant's discovery prefix 'homeassistant'
            two Tasmotas, one topic   | '- {id: p, password-hash: $2a$, protocol: tasmota, topic: plug}\n  - {id: q, password-hash: $2a$, protocol: tasmota, topic: plug}' | at 'devices[1].topic': login 'q' (tasmota, topic 'plug') would share topics with login 'p' (tasmota, topic 'plug'): its tele/plug/# overlaps tele/plug/#
            a child of a login's      | '- {id: a, password-hash: $2a$, protocol: shelly, topic: hall}\n  - {id: b, password-hash: $2a$, protocol: shelly, topic: hall/2}' | login 'b' (shelly, topic 'hall/2') would share topics with login 'a' (shelly, topic 'hall'): its hall/2/# overlaps hall/#
            a parent of a login's     | '- {id: a, password-hash: $2a$, protocol: tasmota, topic: hall/2}\n  - {id: b, password-hash: $2a$, protocol: tasmota, topic: hall}' | login 'b' (tasmota, topic 'hall') would share topics with login 'a' (tasmota, topic 'hall/2'): its tele/hall/# overlaps tele/hall/2/#
            a bridge over Tasmotas    | '- {id: p, password-hash: $2a$, protocol: tasmota, topic: plug}\n  - {id: z, password-hash: $2a$, protocol: zigbee2mqtt, topic: tele}' | login 'z' (zigbee2mqtt, topic 'tele') would share topics with login 'p' (tasmota, topic 'plug'): its tele/# overlaps tele/plug/#
            two bridges by default    | '- {id: z1, password-hash: $2a$, protocol: zigbee2mqtt}\n  - {id: z2, password-hash: $2a$, protocol: zigbee2mqtt}' | login 'z2' (zigbee2mqtt, topic 'zigbee2mqtt') would share topics with login 'z1' (zigbee2mqtt, topic 'zigbee2mqtt')
            discovery node devices    | '- {id: esp, password-hash: $2a$, protocol: ha-discovery, topic: devices}' | login 'esp' (ha-discovery, topic 'devices') would share topics with Hearth's own devices/ tree (the wire contract's devices): its devices/# overlaps devices/#
            discovery node of HA's prefix | '- {id: homeassistant, password-hash: $2a$, protocol: ha-discovery}' | at 'devices[0].topic': login 'homeassistant' (ha-discovery, topic 'homeassistant') would share topics with Home Assistant's discovery prefix 'homeassistant' (homeassistant.prefix): its homeassistant/# overlaps homeassistant/#
            discovery node over Tasmotas | '- {id: p, password-hash: $2a$, protocol: tasmota, topic: plug}\n  - {id: esp, password-hash: $2a$, protocol: ha-discovery, topic: stat}' | at 'devices[1].topic': login 'esp' (ha-discovery, topic 'stat') would share topics with login 'p' (tasmota, topic 'plug'): its stat/# overlaps stat/plug/#
            a Shelly under a node     | '- {id: esp, password-hash: $2a$, protocol: ha-discovery, topic: garage}\n  - {id: sh, password-hash: $2a$, protocol: shelly, topic: garage/relay}' | login 'sh' (shelly, topic 'garage/relay') would share topics with login 'esp' (ha-discovery, topic 'garage'): its garage/relay/# overlaps garage/#
            two nodes, one name       | '- {id: a, password-hash: $2a$, protocol: ha-discovery, topic: garage}\n  - {id: b, password-hash: $2a$, protocol: ha-discovery, topic: garage}' | at 'devices[1].topic': login 'b' (ha-discovery, topic 'garage') would share topics with login 'a' (ha-discovery, topic 'garage'): its garage/# overlaps garage/#
            Shelly on Tasmota's tree  | '- {id: p, password-hash: $2a$, protocol: tasmota, topic: plug}\n  - {id: sh, password-hash: $2a$, protocol: shelly, topic: tasmota}' | login 'sh' (shelly, topic 'tasmota') would share topics with the shared tree every tasmota login publishes to: its tasmota/# overlaps tasmota/discovery/#
            """)
    void aLoginWhoseTopicsOverlapAnotherTreeIsRefusedNamingBoth(String name, String logins, String expected) throws Exception {
        Path file = write("devices:\n  " + logins.replace("\\n", "\n") + "\n");
        assertThatThrownBy(() -> HubConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString() + ":")
                .hasMessageContaining(expected);
    }

    @Test
    void anOverlapIsReportedAtTheLoginsTopicAndEveryOneAtOnce() throws Exception {
        Path file = write("""
                homeassistant: { discovery: true, prefix: ha }
                devices:
                  - id: sh
                    protocol: shelly
                    topic: ha
                    password-hash: "$2a$"
                  - id: z
                    protocol: zigbee2mqtt
                    password-hash: "$2a$"
                    topic: devices
                """);
        assertThatThrownBy(() -> HubConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":5:5: at 'devices[0].topic': login 'sh' (shelly, topic 'ha') would share topics with Home"
                        + " Assistant's discovery prefix 'ha' (homeassistant.prefix): its ha/# overlaps ha/#; a login's topics"
                        + " must be its own, or it could publish as the other and read what is meant for it (give it another"
                        + " topic)\n" + file + ":10:5: at 'devices[1].topic': login 'z' (zigbee2mqtt, topic 'devices') would"
                        + " share topics with Hearth's own devices/ tree (the wire contract's devices): its devices/# overlaps"
                        + " devices/#; a login's topics must be its own, or it could publish as the other and read what is meant"
                        + " for it (give it another topic)");
    }

    @Test
    void aUsernameOfTwoLoginsIsRefusedAtTheSecondNamingBoth() throws Exception {
        Path file = write("""
                devices:
                  - id: plug-1
                    protocol: tasmota
                    username: tasmota
                    password-hash: "$2a$"
                  - id: plug-2
                    protocol: tasmota
                    password-hash: "$2a$"
                    username: tasmota
                """);
        assertThatThrownBy(() -> HubConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":9:5: at 'devices[1].username': device 'plug-2' logs in as 'tasmota', which is the username"
                        + " of device 'plug-1' (devices[0]); a user name must be one login's (give it another)");
    }

    @Test
    void aUsernameDefaultsToTheIdAndCountsAsAConfiguredDevice() throws Exception {
        HubConfig config = HubConfigLoader.load(write("""
                devices:
                  - { id: plug-1, protocol: tasmota, username: tasmota-plug-1, password-hash: "$2a$" }
                  - { id: z2m, protocol: zigbee2mqtt, password-hash: "$2a$" }
                """));
        assertThat(config.devices()).extracting(DeviceCredential::username).containsExactly("tasmota-plug-1", "z2m");
        // a provisioned device named like the plug's login would never log in: the CLI and the API refuse it
        assertThat(config.configuredDevices().defines("tasmota-plug-1")).isTrue();
        assertThat(config.configuredDevices().defines("plug-1")).isTrue();
    }

    @Test
    void loginsWhoseTreesOnlyLookAlikeAreLetIn() throws Exception {
        // a Tasmota topic is one level of tele/<t>/, stat/<t>/, cmnd/<t>/: devices and hearth are fine there
        HubConfig config = HubConfigLoader.load(write("""
                devices:
                  - { id: p1, protocol: tasmota, topic: devices, password-hash: "$2a$" }
                  - { id: p2, protocol: tasmota, topic: hearth, password-hash: "$2a$" }
                  - { id: p3, protocol: tasmota, topic: hall, password-hash: "$2a$" }
                  - { id: p4, protocol: tasmota, topic: hall2, password-hash: "$2a$" }
                  - { id: sh, protocol: shelly, topic: hall, password-hash: "$2a$" }
                  - { id: z, protocol: zigbee2mqtt, topic: home/zigbee, password-hash: "$2a$" }
                  - { id: bed-1, password-hash: "$2a$" }
                  - { id: esp, protocol: ha-discovery, topic: garage, password-hash: "$2a$" }
                  - { id: esp2, protocol: ha-discovery, topic: garage2, password-hash: "$2a$" }
                """));
        assertThat(config.devices()).hasSize(9);
    }

    @Test
    void aNativeLoginHasAProtocolAndATopicThatDefaults() throws Exception {
        HubConfig config = HubConfigLoader.load(write("""
                devices:
                  - { id: plug-1, protocol: tasmota, topic: tasmota_ABC123, password-hash: "%1$s" }
                  - { id: plug-2, protocol: tasmota, password-hash: "%1$s" }
                  - { id: z2m, protocol: zigbee2mqtt, password-hash: "%1$s" }
                  - { id: bed-1, password-hash: "%1$s" }
                """.formatted(HASH)));
        assertThat(config.devices()).extracting(DeviceCredential::protocol, DeviceCredential::topic).containsExactly(
                org.assertj.core.groups.Tuple.tuple(dev.hearth.hub.adapters.Protocol.TASMOTA, Optional.of("tasmota_ABC123")),
                org.assertj.core.groups.Tuple.tuple(dev.hearth.hub.adapters.Protocol.TASMOTA, Optional.of("plug-2")),
                org.assertj.core.groups.Tuple.tuple(dev.hearth.hub.adapters.Protocol.ZIGBEE2MQTT, Optional.of("zigbee2mqtt")),
                org.assertj.core.groups.Tuple.tuple(dev.hearth.hub.adapters.Protocol.HEARTH, Optional.empty()));
    }

    @Test
    void homeAssistantDiscoveryIsOffUnlessTurnedOnAndItsLoginSpeaksHomeassistant() throws Exception {
        HubConfig off = HubConfigLoader.load(write("devices: []\n"));
        assertThat(off.homeassistant().discovery()).isFalse();
        HubConfig on = HubConfigLoader.load(write("""
                homeassistant: { discovery: true }
                devices:
                  - { id: ha, protocol: homeassistant, password-hash: "%s" }
                """.formatted(HASH)));
        assertThat(on.homeassistant().prefix()).isEqualTo("homeassistant");
        assertThat(on.homeassistant().republishDelayMax()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(on.devices().get(0).protocol()).isEqualTo(dev.hearth.hub.adapters.Protocol.HOME_ASSISTANT);
        assertThat(on.devices().get(0).topic()).isEmpty();
    }

    @Test
    void aBridgeReadsItsBrokerAndDevicesWithDefaultsAndNeverShowsItsPassword() throws Exception {
        Files.writeString(folder.resolve("mosquitto-password"), "s3cret\n");
        HubConfig config = HubConfigLoader.load(write("""
                bridges:
                  - id: home
                    url: mqtts://192.168.1.10
                    username: hearth
                    password-file: mosquitto-password
                    ca-file: tls/ca.crt
                    devices:
                      - { id: z2m, protocol: zigbee2mqtt }
                      - { id: plug-1, protocol: tasmota }
                  - id: shed
                    url: mqtt://shed.local
                    username: hearth
                    password: inline-secret
                    client-id: hearth-in-the-shed
                    devices:
                      - { id: shed-plug, protocol: tasmota, topic: tasmota_SHED }
                """));
        BridgeSettings home = config.bridges().get(0);
        assertThat(home.serverUri()).isEqualTo("ssl://192.168.1.10:8883");
        assertThat(home.caFile()).contains(folder.resolve("tls/ca.crt"));
        assertThat(home.clientId()).isEqualTo("hearth-home");
        assertThat(home.resolvePassword()).contains("s3cret");
        assertThat(home.devices()).containsExactly(new BridgedDevice("z2m", dev.hearth.hub.adapters.Protocol.ZIGBEE2MQTT, "zigbee2mqtt"),
                new BridgedDevice("plug-1", dev.hearth.hub.adapters.Protocol.TASMOTA, "plug-1"));
        BridgeSettings shed = config.bridges().get(1);
        assertThat(shed.serverUri()).isEqualTo("tcp://shed.local:1883");
        assertThat(shed.clientId()).isEqualTo("hearth-in-the-shed");
        assertThat(config.toString()).doesNotContain("inline-secret", "s3cret").contains("password=***");
        assertThatThrownBy(() -> StartupChecks.require(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at 'bridges[0].ca-file': " + folder.resolve("tls/ca.crt") + " not found or not readable");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        Path missing = folder.resolve("nope.yml");
        assertThatThrownBy(() -> HubConfigLoader.load(missing)).hasMessage(missing + ": config file not found");
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(folder.resolve("hearth.yml"), yaml);
    }
}
