package dev.hearth.hub.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wire.DeviceIds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeDeviceIdsTest {
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
            "hallway-motion       | hallway-motion",
            "living/lamp          | living-lamp",
            "kitchen/floor/light  | kitchen-floor-light",
            "Hall Lamp            | Hall-Lamp",
            "'  /garden//pump/ '  | garden-pump",
            "0x00158d0001a2b3c4   | 0x00158d0001a2b3c4",
            "Küche Licht          | K-che-Licht",
            "_private.sensor_     | private.sensor",
            "'///'                | 0x0017880103aabbcc",
    })
    void anIdIsDerivedFromTheFriendlyName(String name, String id) {
        assertThat(NativeDeviceIds.of(name, "0x0017880103aabbcc")).isEqualTo(id);
        assertThat(DeviceIds.isValid(id)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void aLongNameIsCutToAValidId() {
        String id = NativeDeviceIds.of("a".repeat(50) + "/" + "b".repeat(50), "0x1");
        assertThat(id).hasSize(64).startsWith("a".repeat(50) + "-b");
        assertThat(DeviceIds.isValid(id)).isTrue();
    }
}
