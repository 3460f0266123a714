package dev.hearth.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hub.config.DeviceCredential;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
    private static final String BED_HASH = PasswordHasher.hash("bed-1-secret");

    private final List<String> checkedAgainst = new ArrayList<>();
    private final DeviceRegistry registry = new DeviceRegistry(List.of(new DeviceCredential("bed-1", BED_HASH)),
            Optional.empty(), (password, hash) -> {
                checkedAgainst.add(hash);
                return PasswordHasher.matches(password, hash);
            });

    @Test
    void anUnknownIdGoesThroughBcryptAsAKnownIdWithAWrongPasswordDoes() {
        assertThat(registry.authenticate("nobody", bytes("bed-1-secret"))).isEmpty();
        assertThat(registry.authenticate("bed-1", bytes("guess"))).isEmpty();

        assertThat(checkedAgainst).containsExactly(DeviceRegistry.UNKNOWN_DEVICE_HASH, BED_HASH);
        // the same algorithm and cost as a config device's hash, so the same time spent
        assertThat(DeviceRegistry.UNKNOWN_DEVICE_HASH.substring(0, 7)).isEqualTo(BED_HASH.substring(0, 7)).startsWith("$2");
    }

    @Test
    void theRightPasswordOfAKnownIdIsAccepted() {
        assertThat(registry.authenticate("bed-1", bytes("bed-1-secret"))).contains("bed-1");
        assertThat(checkedAgainst).containsExactly(BED_HASH);
    }

    @Test
    void aLoginWithAUsernameIsKnownByItAndItsIdLogsInAsNobody() {
        String plugHash = PasswordHasher.hash("tasmota-plug-1-example");
        DeviceRegistry withPlug = new DeviceRegistry(List.of(new DeviceCredential("plug-1", "tasmota-plug-1", plugHash,
                dev.hearth.hub.adapters.Protocol.TASMOTA, Optional.of("plug-1"), Optional.empty())), Optional.empty());

        assertThat(withPlug.authenticate("tasmota-plug-1", bytes("tasmota-plug-1-example"))).contains("plug-1");
        assertThat(withPlug.authenticate("plug-1", bytes("tasmota-plug-1-example"))).isEmpty();
        assertThat(withPlug.knows("plug-1")).isTrue();
        assertThat(withPlug.knows("tasmota-plug-1")).isFalse();
        assertThat(withPlug.devicesWithExamplePassword()).containsExactly("plug-1");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
