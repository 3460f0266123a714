package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.LoadResult;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RulesLoader;
import dev.hearth.rules.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualScenarioRunnerTest {
    @TempDir
    Path folder;

    private final ScenarioLoader loader = new ScenarioLoader();

    private RuleSet rules(String yaml) throws Exception {
        Path file = Files.writeString(folder.resolve("rules.yaml"), yaml);
        LoadResult result = new RulesLoader().load(file);
        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
        return ((LoadResult.Loaded) result).rules();
    }

    private static String coffeeRule(String holdFor) {
        return """
                rules:
                  - id: morning-coffee
                    when:
                      - state: bed-1.occupant
                        to: awake
                        for: %s
                    then:
                      - command: coffee-1.brew
                        args: { cups: 1 }
                        timeout: 5s
                """.formatted(holdFor);
    }

    private static final String DEVICES = """
            devices:
              - { id: bed-1, kind: bed, password: p }
              - { id: coffee-1, kind: coffee-machine, password: p, brew-time: 2m }
            """;

    @Test
    void theRuleBrewsThirtySecondsAfterWakingExactlyAndTheMachineReportsBrewingThenIdle() throws Exception {
        Scenario scenario = loader.parse("coffee.yaml", """
                name: morning-coffee
                start: "2026-01-05T06:00:00"
                zone: Europe/Paris
                """ + DEVICES + """
                steps:
                  - at: 10s
                    report: { device: bed-1, state: { occupant: awake } }
                  - expect: { device: coffee-1, receives: brew, args: { cups: 1 }, at: 40s }
                  - at: 40s
                    expect: { device: coffee-1, state: status, equals: brewing, within: 0s }
                  - expect: { api: /api/devices/coffee-1, pointer: /state/status, equals: idle, at: 160s }
                """);

        VirtualRun run = new VirtualScenarioRunner(rules(coffeeRule("30s"))).play(scenario);

        assertThat(run.report().passed()).as(run.report().summary()).isTrue();
        assertThat(run.start()).isEqualTo(ZonedDateTime.parse("2026-01-05T06:00:00+01:00[Europe/Paris]").toInstant());
        assertThat(run.report().summary()).isEqualTo("""
                scenario morning-coffee: PASSED (3/3 expectations met)
                  ok    coffee-1 received 'brew' with {"cups":1} at 40s (at exactly 40s)
                  ok    coffee-1 status was "brewing" at 40s (within 0s of 40s)
                  ok    GET /api/devices/coffee-1 showed "idle" at /state/status at 2m40s (at exactly 2m40s)
                """);
        assertThat(run.ruleRuns()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(r.at()).isEqualTo(run.start().plusSeconds(40));
        });
    }

    @Test
    void aRuleThatWaitsTenMinutesRunsOnVirtualTime() throws Exception {
        Scenario scenario = loader.parse("slow.yaml", "name: slow\n" + DEVICES + """
                steps:
                  - at: 0s
                    report: { device: bed-1, state: { occupant: awake } }
                  - expect: { device: coffee-1, receives: brew, at: 10m }
                """);
        long wallBefore = System.nanoTime();

        VirtualRun run = new VirtualScenarioRunner(rules(coffeeRule("10m"))).play(scenario);

        assertThat(run.report().passed()).as(run.report().summary()).isTrue();
        assertThat(run.simulated()).isEqualTo(Duration.ofMinutes(10));
        assertThat(run.summary()).endsWith("  virtual time 2026-01-05T06:00:00Z .. 2026-01-05T06:10:00Z (10m), 1 rule run\n");
        assertThat(run.start()).isEqualTo(VirtualScenarioRunner.DEFAULT_START.toInstant());
        assertThat(run.ruleRuns()).singleElement().satisfies(r -> assertThat(r.at()).isEqualTo(run.start().plus(Duration.ofMinutes(10))));
        // ten virtual minutes cost no real ones (a generous bound: the machine may be busy)
        assertThat(Duration.ofNanos(System.nanoTime() - wallBefore)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFailedExpectationIsNamedAndCarriesTheRuleRunsSeen() throws Exception {
        Scenario scenario = loader.parse("early.yaml", "name: too-early\n" + DEVICES + """
                steps:
                  - at: 0s
                    report: { device: bed-1, state: { occupant: awake } }
                  - at: 1m
                    report: { device: bed-1, state: { occupant: asleep } }
                  - at: 1m
                    expect: { device: coffee-1, receives: brew, within: 10s }
                """);

        ScenarioReport report = new VirtualScenarioRunner(rules(coffeeRule("30s"))).run(scenario);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(e -> {
            assertThat(e.sentence()).isEqualTo("coffee-1 did not receive 'brew' within 10s of 1m (it received 'brew' with {\"cups\":1} at 30s)");
            assertThat(e.ruleRuns()).singleElement().satisfies(r -> assertThat(r.ruleId()).isEqualTo("morning-coffee"));
        });
        assertThat(report.summary()).startsWith("""
                scenario too-early: FAILED (0/1 expectations met)
                  FAIL  coffee-1 did not receive 'brew' within 10s of 1m (it received 'brew' with {"cups":1} at 30s)
                        rule runs until then:
                          2026-01-05T06:00:30Z rule 'morning-coffee' (""");
    }

    @Test
    void whenNoRuleRunsTheFailureSaysSo() throws Exception {
        Scenario scenario = loader.parse("quiet.yaml", "name: quiet\n" + DEVICES + """
                steps:
                  - at: 0s
                    expect: { device: coffee-1, receives: brew, within: 1h }
                """);

        ScenarioReport report = new VirtualScenarioRunner(rules(coffeeRule("30s"))).run(scenario);

        assertThat(report.failures()).singleElement()
                .satisfies(e -> assertThat(e.sentence()).isEqualTo("coffee-1 did not receive 'brew' within 1h of 0s; no rule ran"));
    }

    @Test
    void aCommandToAnOfflineMachineGetsNoReplyAndTheRunFails() throws Exception {
        Scenario scenario = loader.parse("away.yaml", "name: away\n" + DEVICES + """
                steps:
                  - at: 0s
                    offline: { device: coffee-1 }
                  - at: 0s
                    report: { device: bed-1, state: { occupant: awake } }
                  - at: 30s
                    expect: { api: /api/devices/coffee-1, pointer: /availability, equals: offline, within: 0s }
                  - at: 1m
                    online: { device: coffee-1 }
                  - at: 1m
                    expect: { api: /api/devices/coffee-1, pointer: /availability, equals: online, within: 0s }
                """);

        VirtualRun run = new VirtualScenarioRunner(rules(coffeeRule("30s"))).play(scenario);

        assertThat(run.report().passed()).as(run.report().summary()).isTrue();
        assertThat(run.ruleRuns()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(r.at()).isEqualTo(run.start().plusSeconds(35)); // sent at 30s, the 5s timeout passed
        });
    }

    @Test
    void aMalformedStateIsRefusedAndChangesNothing() throws Exception {
        Scenario scenario = loader.parse("bad.yaml", "name: bad-bytes\n" + DEVICES + """
                steps:
                  - at: 1s
                    malformed: { device: bed-1, topic-kind: state, payload: "not json" }
                  - at: 2s
                    expect: { api: /api/devices/bed-1, pointer: /state/occupant, equals: asleep, within: 0s }
                  - at: 2s
                    expect: { api: /api/health, pointer: /status, equals: UP, within: 0s }
                """);

        ScenarioReport report = new VirtualScenarioRunner(rules(coffeeRule("30s"))).run(scenario);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.expectations().get(1).verdict()).isEqualTo(ExpectationResult.Verdict.SKIPPED);
        assertThat(report.summary()).contains("SKIP  GET /api/health shows \"UP\" at /status within 0s of 2s: skipped, on virtual time only");
    }

    @Test
    void aSeededScenarioRepeatsItselfExactly() throws Exception {
        String yaml = """
                name: weather
                seed: 42
                devices:
                  - id: thermo-1
                    kind: thermostat
                    password: p
                    attributes:
                      temperature: { random-walk: { start: 20, min: 18, max: 22, step: 0.5, every: 1m } }
                steps:
                  - at: 1h
                    expect: { device: thermo-1, state: target, equals: 20, within: 0s }
                """;
        VirtualScenarioRunner runner = new VirtualScenarioRunner(RuleSet.empty());

        var first = temperatures(runner, loader.parse("w.yaml", yaml));
        var second = temperatures(runner, loader.parse("w.yaml", yaml));
        var otherSeed = temperatures(runner, loader.parse("w.yaml", yaml.replace("seed: 42", "seed: 43")));

        assertThat(first).hasSize(61).isEqualTo(second).isNotEqualTo(otherSeed);
        assertThat(first).allSatisfy(t -> assertThat(t).isBetween(18.0, 22.0));
    }

    /** The temperatures the thermostat held, from the run's own record. */
    private static java.util.List<Double> temperatures(VirtualScenarioRunner runner, Scenario scenario) {
        VirtualRun run = runner.play(scenario);
        assertThat(run.report().passed()).as(run.report().summary()).isTrue();
        return run.states().get("thermo-1").stream().map(s -> s.state().get("temperature").asDouble()).toList();
    }

    @Test
    void theStartTimeDefaultsToAMondayMorningInUtc() {
        assertThat(VirtualScenarioRunner.DEFAULT_START.toInstant()).isEqualTo(Instant.parse("2026-01-05T06:00:00Z"));
    }
}
