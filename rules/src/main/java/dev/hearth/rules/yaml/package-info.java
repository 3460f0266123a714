/**
 * The located YAML reader every Hearth input shares (rules, scenarios, the hub's config) and the
 * one duration syntax, for YAML and for HTTP query parameters alike.
 *
 * <p>{@link dev.hearth.rules.yaml.YamlReader} reads a file into {@link dev.hearth.rules.yaml.YamlNode}s
 * that know their {@link dev.hearth.rules.yaml.Position} ({@code line:column}); what is wrong goes
 * to {@link dev.hearth.rules.yaml.Problems}, and a reader goes on, so that a file's every problem is
 * reported at once as {@code file:line:col: message}.
 *
 * <h2>Durations</h2>
 * {@link dev.hearth.rules.yaml.Durations} reads one syntax everywhere: a number and a unit, or several
 * from the largest unit down, each unit at most once, no sign:
 * <pre>
 *   250ms   90s   1.5s   5m   1h30m   2d   1h2m3s500ms   1.25 s
 * </pre>
 * Units: {@code d} (24 hours), {@code h}, {@code m}, {@code s}, {@code ms}. A number may have a
 * decimal fraction; the whole must come to whole milliseconds ({@code 1.0005s} does not). Space
 * may separate a number from its unit, not the parts from each other. Where a value must be
 * positive, {@code 0s} is refused by the reader that asks for it, not by the syntax.
 */
package dev.hearth.rules.yaml;
