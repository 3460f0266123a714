package dev.hearth.hub.adapters.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value templates devices send, read as Home Assistant renders them; the rest refused with the reason. */
class ValueTemplateTest {
    @ParameterizedTest(name = "{0} of {1} is {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            {{ value }}                              ; 21.5                        ; "21.5"
            {{value}}                                ; ON                          ; "ON"
            {{ value | float }}                      ; 21.5                        ; 21.5
            {{ value | int }}                        ; 21.7                        ; 21
            {{ value | float(0) }}                   ; nan                         ; 0.0
            {{ value | int(0) }}                     ; 7                           ; 7
            {{ value | float | round(1) }}           ; 21.46                       ; 21.5
            {{ value | round }}                      ; 21.5                        ; 22.0
            {{ value_json.temperature }}             ; {"temperature":21.5}        ; 21.5
            {{ value_json.a.b }}                     ; {"a":{"b":"x"}}             ; "x"
            {{ value_json['wifi-signal'] }}          ; {"wifi-signal":-61}         ; -61
            {{ value_json["state"] }}                ; {"state":"ON"}              ; "ON"
            {{ value_json.values[1] }}               ; {"values":[1,2]}            ; 2
            {{ value_json.t | is_defined }}          ; {"t":3}                     ; 3
            {{ value_json.ENERGY.Power | round(2) }} ; {"ENERGY":{"Power":12.345}} ; 12.34
            {{ value_json.info | tojson }}           ; {"info":{"rssi":-61}}       ; {"rssi":-61}
            """)
    void readsTheCommonForms(String template, String payload, String expected) throws Exception {
        assertThat(ValueTemplate.parse(template).read(payload.getBytes(StandardCharsets.UTF_8)).orElseThrow().toString())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            {{ value_json.x | multiply(2) }}                 ; filter 'multiply(2)'
            {{ value_json.x * 2 }}                           ; is no .name
            {% if value == 'ON' %}on{% endif %}              ; one {{ ... }} expression
            {{ states('sensor.x') }}                         ; neither value nor value_json
            {{ value.x }}                                    ; use value_json for its fields
            °{{ value }}                                     ; nothing around it
            """)
    void refusesWhatItDoesNotUnderstand(String template, String why) {
        assertThatThrownBy(() -> ValueTemplate.parse(template)).isInstanceOf(ValueTemplate.NotUnderstood.class)
                .hasMessageContaining(why).hasMessageContaining(template);
    }

    @ParameterizedTest(name = "{0} cannot read {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            {{ value_json.t }}              ; °C 21.5      ; not JSON
            {{ value_json.t | is_defined }} ; {"h":40}     ; has no such field
            {{ value | float }}             ; nan          ; is not a number
            {{ value | int }}               ; unavailable  ; is not a number
            """)
    void aPayloadItCannotReadIsRefused(String template, String payload, String why) throws Exception {
        ValueTemplate parsed = ValueTemplate.parse(template);
        assertThatThrownBy(() -> parsed.read(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ValueTemplate.Unreadable.class).hasMessageContaining(why);
    }

    @org.junit.jupiter.api.Test
    void aMissingFieldWithoutIsDefinedIsNoValue() throws Exception {
        assertThat(ValueTemplate.parse("{{ value_json.t }}").read("{\"h\":40}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
