package dev.hearth.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** hearth.yml's cluster: section and its HEARTH_CLUSTER_* variables; a mistake names file:line:col or the variable. */
class ClusterConfigTest {
    private static final String HASH = "$2a$10$YoAbZELOvJDAtD/stz40uOB1eRI9c/O8kW9g.1.ywFUV8.GgDivsK";
    private static final String DEVICES = """
            devices:
              - id: bed-1
                password-hash: "%s"
              - id: lamp-1
                password-hash: "%s"
                site: flat-2
            """.formatted(HASH, HASH);

    @TempDir
    Path folder;

    @Test
    void readsTheClusterSectionAndTheDevicesSites() throws Exception {
        HubConfig config = HubConfigLoader.load(write("""
                cluster:
                  bootstrap-servers: kafka-1:9092,kafka-2:9092
                  hub-id: hub-a
                  site: home
                  topic-prefix: house
                  ack-timeout-ms: 2500
                """ + DEVICES), Map.of());
        assertThat(config.cluster()).contains(new ClusterSettings("kafka-1:9092,kafka-2:9092", "hub-a", "home", "house",
                Duration.ofMillis(2500)));
        assertThat(config.devices()).extracting(DeviceCredential::site).containsExactly(Optional.empty(), Optional.of("flat-2"));
    }

    @Test
    void aSectionOfOnlyTheServersTakesTheDefaults() throws Exception {
        ClusterSettings cluster = HubConfigLoader.load(write("cluster: { bootstrap-servers: kafka:9092 }\n" + DEVICES), Map.of())
                .cluster().orElseThrow();
        assertThat(cluster.site()).isEqualTo("default");
        assertThat(cluster.topicPrefix()).isEqualTo("hearth");
        assertThat(cluster.hubId()).isNotBlank().matches("[A-Za-z0-9._-]+");
        assertThat(cluster.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutTheSectionTheHubIsAlone() throws Exception {
        assertThat(HubConfigLoader.load(write(DEVICES), Map.of()).cluster()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cluster: { hub-id: hub-a }                                  | 1:1  | at 'cluster': cluster.bootstrap-servers is required
            cluster: { bootstrap-servers: k:9092, site: 'my home' }     | 1:1  | at 'cluster': cluster.site: a site is 1 to 64 letters
            cluster: { bootstrap-servers: k:9092, hub-id: 'a/b' }       | 1:1  | at 'cluster': cluster.hub-id must be 1 to 64 letters
            cluster: { bootstrap-servers: k:9092, topic-prefix: 'a b' } | 1:1  | at 'cluster': cluster.topic-prefix: a topic prefix is
            cluster: { bootstrap-servers: k:9092, sites: x }            | 1:39 | at 'cluster.sites': unknown key 'sites'
            """)
    void aWrongClusterSectionIsNamedWhereItIs(String section, String position, String message) throws Exception {
        Path file = write(section + "\n" + DEVICES);
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + position + ": " + message);
    }

    @Test
    void aDevicesWrongSiteIsNamedAtTheDevice() throws Exception {
        Path file = write("""
                cluster: { bootstrap-servers: k:9092 }
                devices:
                  - id: bed-1
                    password-hash: "%s"
                    site: "../up"
                """.formatted(HASH));
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3:5: at 'devices[0]': device 'bed-1': site: a site is 1 to 64 letters");
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws Exception {
        Path file = write("cluster: { bootstrap-servers: kafka:9092, hub-id: hub-a, site: home }\n" + DEVICES);
        ClusterSettings cluster = HubConfigLoader.load(file, Map.of("HEARTH_CLUSTER_BOOTSTRAP_SERVERS", "other:9092",
                "HEARTH_CLUSTER_HUB_ID", "hub-b", "HEARTH_CLUSTER_SITE", "office")).cluster().orElseThrow();
        assertThat(cluster).isEqualTo(new ClusterSettings("other:9092", "hub-b", "office", "hearth", Duration.ofSeconds(10)));
    }

    @Test
    void theServersVariableAloneTurnsClusterModeOn() throws Exception {
        ClusterSettings cluster = HubConfigLoader.load(write(DEVICES), Map.of("HEARTH_CLUSTER_BOOTSTRAP_SERVERS", "kafka:9092",
                "HEARTH_CLUSTER_HUB_ID", "hub-c")).cluster().orElseThrow();
        assertThat(cluster.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(cluster.hubId()).isEqualTo("hub-c");
    }

    @Test
    void aWrongVariableIsNamed() throws Exception {
        Path file = write(DEVICES);
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_CLUSTER_BOOTSTRAP_SERVERS", "kafka:9092",
                "HEARTH_CLUSTER_SITE", "my home"))).isInstanceOf(ConfigException.class)
                .hasMessage("environment (HEARTH_CLUSTER_BOOTSTRAP_SERVERS, HEARTH_CLUSTER_SITE): cluster.site: a site is 1 to 64"
                        + " letters, digits, '.', '_' or '-': my home");
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_CLUSTER_SITE", "home")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HEARTH_CLUSTER_SITE is set, but the hub is not in cluster mode");
    }

    @Test
    void theHubTakesTheTopicPrefixTheWorkersTakeAndNoticesAMisspeltVariable() throws Exception {
        Path file = write("cluster: { bootstrap-servers: kafka:9092, hub-id: hub-a, topic-prefix: from-file }\n" + DEVICES);
        assertThat(HubConfigLoader.load(file, Map.of("HEARTH_CLUSTER_TOPIC_PREFIX", "tower-7",
                "HEARTH_CLUSTER_PARTITIONS", "24")).cluster().orElseThrow().topicPrefix()).isEqualTo("tower-7");
        assertThat(HubConfigLoader.load(file, Map.of()).cluster().orElseThrow().topicPrefix()).isEqualTo("from-file");
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_CLUSTER_HUBID", "hub-b")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("HEARTH_CLUSTER_HUBID is not a variable the hub or a worker reads; HEARTH_CLUSTER_* are:"
                        + " HEARTH_CLUSTER_BOOTSTRAP_SERVERS, HEARTH_CLUSTER_HUB_ID, HEARTH_CLUSTER_SITE,"
                        + " HEARTH_CLUSTER_TOPIC_PREFIX, HEARTH_CLUSTER_PARTITIONS");
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("HEARTH_CLUSTER_TOPIC_PREFIX", "no spaces")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.topic-prefix");
    }

    private Path write(String yaml) throws Exception {
        Path file = folder.resolve("hearth.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
