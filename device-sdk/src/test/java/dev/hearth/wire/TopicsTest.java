package dev.hearth.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
    @Test
    void parsesEveryKindOfTheContract() {
        assertEquals(Optional.of(new DeviceTopic("bed-1", TopicKind.STATE, Optional.empty())), Topics.parse("devices/bed-1/state"));
        assertEquals(Optional.of(new DeviceTopic("bed-1", TopicKind.TELEMETRY, Optional.empty())), Topics.parse("devices/bed-1/telemetry"));
        assertEquals(Optional.of(new DeviceTopic("a", TopicKind.META, Optional.empty())), Topics.parse("devices/a/meta"));
        assertEquals(Optional.of(new DeviceTopic("x.y_z", TopicKind.STATUS, Optional.empty())), Topics.parse("devices/x.y_z/status"));
        assertEquals(Optional.of(new DeviceTopic("c", TopicKind.REPLIES, Optional.empty())), Topics.parse("devices/c/replies"));
        assertEquals(Optional.of(new DeviceTopic("c", TopicKind.DESIRED, Optional.empty())), Topics.parse("devices/c/desired"));
        assertEquals(Optional.of(new DeviceTopic("coffee-1", TopicKind.COMMAND, Optional.of("brew"))),
                Topics.parse("devices/coffee-1/commands/brew"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "devices", "devices/", "devices/bed-1", "devices/bed-1/", "devices//state", "device/bed-1/state",
            "xdevices/bed-1/state", "devices/bed-1/state/", "devices/bed-1/stat", "devices/bed-1/states", "devices/+/state",
            "devices/#", "devices/-bed/state", "devices/bed 1/state", "devices/bed-1/commands", "devices/bed-1/commands/",
            "devices/bed-1/commands/a/b", "devices/bed-1/commands/+", "devices/bed-1/state/brew", "devices/caf\u00e9/state"})
    void anythingElseIsNotATopicOfTheContract(String topic) {
        assertEquals(Optional.empty(), Topics.parse(topic));
    }

    @Test
    void aTopicRoundTripsThroughItsBuilder() {
        assertEquals("coffee-1", Topics.parse(Topics.command("coffee-1", "brew")).orElseThrow().deviceId());
        assertEquals(TopicKind.STATE, Topics.parse(Topics.state("bed-1")).orElseThrow().kind());
    }

    @Test
    void deviceIdsAreOneToSixtyFourPlainCharactersStartingWithALetterOrDigit() {
        assertTrue(DeviceIds.isValid("a"));
        assertTrue(DeviceIds.isValid("0-a.b_c"));
        assertTrue(DeviceIds.isValid("x".repeat(64)));
        assertFalse(DeviceIds.isValid("x".repeat(65)));
        assertFalse(DeviceIds.isValid(""));
        assertFalse(DeviceIds.isValid(null));
        assertFalse(DeviceIds.isValid("_a"));
        assertFalse(DeviceIds.isValid(".a"));
        assertFalse(DeviceIds.isValid("a/b"));
        assertFalse(DeviceIds.isValid("a+"));
        assertFalse(DeviceIds.isValid("a#"));
        assertFalse(DeviceIds.isValid("\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> DeviceIds.require("a b"));
        assertFalse(Topics.isValidCommandName("-brew"));
        assertTrue(Topics.isValidCommandName("set.level_2"));
    }
}
