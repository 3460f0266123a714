package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON Schema of the rules YAML: the examples validate, and it agrees with the loader on a table of samples. */
class SchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema SCHEMA = schema();

    @TempDir
    Path dir;

    private static JsonSchema schema() {
        try (InputStream in = SchemaTest.class.getResourceAsStream("/dev/hearth/rules/rules.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> exampleFiles() throws IOException {
        Path deploy = Path.of("..", "deploy", "rules");
        Stream<Path> deployed = Files.isDirectory(deploy) ? Files.list(deploy) : Stream.empty();
        return Stream.concat(Stream.concat(deployed, Files.list(Path.of("src/test/resources/rules/home"))),
                        Files.list(Path.of("src/test/resources/rules/samples")))
                .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                .sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void everyExampleValidatesAndLoads(Path file) throws IOException {
        Set<ValidationMessage> problems = SCHEMA.validate(YAML.readTree(file.toFile()));

        assertThat(problems).as(file.toString()).isEmpty();
        assertThat(new RulesLoader().load(file)).as(file.toString()).isInstanceOf(LoadResult.Loaded.class);
    }

    /** Each sample is the body of one rule (under "- id: r"); the schema and the loader must agree. */
    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            'when: [ { state: a.b, to: on } ], then: [ { command: c.d } ]'                                   | true
            'when: [ { state: a.b, to: [1, 2] } ], then: [ { command: c.d, args: { n: 1 }, timeout: 5s } ]'  | true
            'when: [ { state: a.b } ], then: []'                                                             | false
            'when: [], then: [ { command: c.d } ]'                                                           | false
            'then: [ { command: c.d } ]'                                                                     | false
            'when: [ { state: a.b, too: on } ], then: [ { command: c.d } ]'                                  | false
            'when: [ { state: a.b, for: 5 minutes } ], then: [ { command: c.d } ]'                           | false
            'when: [ { state: a.b, for: 1h30m } ], then: [ { command: c.d } ]'                               | true
            'when: [ { state: a.b, for: 1.5s } ], then: [ { command: c.d } ]'                                | true
            'when: [ { state: a.b, for: 2d } ], then: [ { command: c.d } ]'                                  | true
            'when: [ { state: a.b, for: 30m1h } ], then: [ { command: c.d } ]'                               | false
            'when: [ { state: a.b, above: 1, below: 2, for: 1s } ], then: [ { command: c.d } ]'              | true
            'when: [ { state: a.b, above: warm } ], then: [ { command: c.d } ]'                              | false
            'when: [ { state: a.b, above: 1, to: 2 } ], then: [ { command: c.d } ]'                          | false
            'when: [ { state: a-1 } ], then: [ { command: c.d } ]'                                           | true
            'when: [ { state: a.b.* } ], then: [ { command: c.d } ]'                                         | true
            'when: [ { state: a-1, to: x } ], then: [ { command: c.d } ]'                                    | false
            'when: [ { availability: a-1, to: offline, for: 1m } ], then: [ { command: c.d } ]'              | true
            'when: [ { availability: a-1, to: away } ], then: [ { command: c.d } ]'                          | false
            'when: [ { at: "06:30" } ], then: [ { command: c.d } ]'                                          | true
            'when: [ { at: "25:30" } ], then: [ { command: c.d } ]'                                          | false
            'when: [ { cron: "0 8 * * 1-5" } ], then: [ { command: c.d } ]'                                  | true
            'when: [ { cron: "0 8 * *" } ], then: [ { command: c.d } ]'                                      | false
            'when: [ { sun: sunrise, offset: -30m } ], then: [ { command: c.d } ]'                           | true
            'when: [ { sun: noon } ], then: [ { command: c.d } ]'                                            | false
            'when: [ { telemetry: bed-+ } ], then: [ { command: c.d } ]'                                     | true
            'when: [ { started: {} } ], then: [ { command: c.d } ]'                                          | true
            'when: [ { started: { x: 1 } } ], then: [ { command: c.d } ]'                                    | false
            'when: [ { at: "06:00", cron: "* * * * *" } ], then: [ { command: c.d } ]'                       | false
            'when: [ { started: {} } ], if: [ { state: a.b, is: 1 }, { time: { weekdays: [mon] } } ], then: [ { command: c.d } ]' | true
            'when: [ { started: {} } ], if: [ { time: {} } ], then: [ { command: c.d } ]'                    | false
            'when: [ { started: {} } ], if: [ { and: [ { or: { not: [ { state: a.b, above: 3 } ] } } ] } ], then: [ { command: c.d } ]' | true
            'when: [ { started: {} } ], if: [ { weather: sunny } ], then: [ { command: c.d } ]'              | false
            'when: [ { started: {} } ], if: [ { expr: "1 == 1" } ], then: [ { command: c.d } ]'             | true
            'when: [ { started: {} } ], then: [ { desired: a-1, state: { on: true } } ]'                     | true
            'when: [ { started: {} } ], then: [ { desired: a-1 } ]'                                          | false
            'when: [ { started: {} } ], then: [ { delay: 5s }, { wait_for: { state: a.b, to: 1 }, timeout: 1m, continue_on_timeout: true } ]' | true
            'when: [ { started: {} } ], then: [ { wait_for: { state: a.b, for: 1m } } ]'                     | false
            'when: [ { started: {} } ], then: [ { wait_for: { at: "06:00" } } ]'                             | false
            'when: [ { started: {} } ], then: [ { choose: [ { if: [ { state: a.b, is: 1 } ], then: [ { command: c.d } ] } ], default: [ { command: c.e } ] } ]' | true
            'when: [ { started: {} } ], then: [ { choose: [ { if: [ { state: a.b, is: 1 } ] } ] } ]'         | false
            'when: [ { started: {} } ], then: [ { repeat: { count: 2, then: [ { command: c.d } ] } } ]'      | true
            'when: [ { started: {} } ], then: [ { repeat: { count: 2, while: { expr: "true" }, then: [ { command: c.d } ] } } ]' | false
            'when: [ { started: {} } ], then: [ { repeat: { count: 0, then: [ { command: c.d } ] } } ]'      | false
            'when: [ { started: {} } ], then: [ { parallel: [ { command: c.d }, { sequence: [ { delay: 1s } ] } ] } ]' | true
            'when: [ { started: {} } ], then: [ { notify: log, message: hi } ]'                              | true
            'when: [ { started: {} } ], then: [ { notify: webhook, message: hi } ]'                          | false
            'when: [ { started: {} } ], then: [ { notify: webhook, message: hi, url: "https://x.org/h" } ]'  | true
            'when: [ { started: {} } ], then: [ { notify: sms, message: hi } ]'                              | false
            'when: [ { started: {} } ], then: [ { enable: r }, { disable: r } ]'                             | true
            'when: [ { started: {} } ], then: [ { variables: { a: 1 } } ]'                                   | true
            'when: [ { started: {} } ], then: [ { variables: {} } ]'                                         | false
            'mode: queued, max: 3, key: trigger.device, dry_run: true, missed: grace 10m, enabled: false, when: [ { started: {} } ], then: [ { command: c.d } ]' | true
            'mode: sometimes, when: [ { started: {} } ], then: [ { command: c.d } ]'                         | false
            'missed: later, when: [ { started: {} } ], then: [ { command: c.d } ]'                           | false
            'max: 0, when: [ { started: {} } ], then: [ { command: c.d } ]'                                  | false
            """)
    void theSchemaAcceptsExactlyWhatTheLoaderAccepts(String body, boolean valid) throws IOException {
        String yaml = "rules:\n  - { id: r, " + body + " }\n";
        Path file = Files.writeString(dir.resolve("sample.yaml"), yaml);

        List<String> schemaProblems = SCHEMA.validate(YAML.readTree(yaml)).stream().map(ValidationMessage::getMessage).toList();
        LoadResult loaded = new RulesLoader().load(file);

        assertThat(schemaProblems.isEmpty()).as("schema on " + yaml + schemaProblems).isEqualTo(valid);
        assertThat(loaded instanceof LoadResult.Loaded).as("loader on " + yaml + loaded).isEqualTo(valid);
    }

}
