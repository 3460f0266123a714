package dev.hearth.simulator.load;

import dev.hearth.simulator.firmware.EspHomeFirmware;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.ShellyFirmware;
import dev.hearth.simulator.firmware.TasmotaFirmware;
import dev.hearth.simulator.firmware.Zigbee2mqttFirmware;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a load login speaks, by the names of the hub config's {@code protocol}: the wire contract, or a native
 * firmware whose {@link Firmware#measurement} the load run repeats. A Zigbee2MQTT login is a bridge speaking for the
 * devices of its list; every other login is one device.
 */
public enum LoadProtocol {
    HEARTH("hearth"),
    TASMOTA("tasmota"),
    ZIGBEE2MQTT("zigbee2mqtt"),
    SHELLY("shelly"),
    HA_DISCOVERY("ha-discovery");

    private final String configName;

    LoadProtocol(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public boolean isNative() {
        return this != HEARTH;
    }

    public static LoadProtocol fromName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + name + "', expected one of: " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(LoadProtocol::configName).collect(Collectors.joining(", "));
    }

    /**
     * The firmware of each device of a native login: the {@code index}-th login of a run gets a MAC (hence a Tasmota's
     * or an ESPHome node's client id) of its own.
     */
    List<Firmware> firmwares(Credentials login, int index) {
        String mac = String.format(Locale.ROOT, "A4CF12%06X", index & 0xFFFFFF);
        String topic = login.topic().orElseThrow();
        return switch (this) {
            case HEARTH -> throw new IllegalStateException(login.deviceId() + " speaks the wire contract, no firmware");
            case TASMOTA -> List.of(new TasmotaFirmware(login.deviceId(), topic, mac, TasmotaFirmware.DEFAULT_TELE_PERIOD, 0));
            case ZIGBEE2MQTT -> login.devices().stream().<Firmware>map(name -> new Zigbee2mqttFirmware(login.deviceId(), topic,
                    name, Zigbee2mqttFirmware.Model.MOTION_SENSOR)).toList();
            case SHELLY -> List.of(new ShellyFirmware(login.deviceId(), topic));
            case HA_DISCOVERY -> List.of(new EspHomeFirmware(login.deviceId(), topic, mac.toLowerCase(Locale.ROOT)));
        };
    }
}
