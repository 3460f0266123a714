package dev.hearth.hub.adapters;

import dev.hearth.wire.DeviceMeta;
import java.util.Optional;

/**
 * One device of a bridge's device list: its native name (the friendly name, which may hold '/'),
 * its address on the bridge's network, and what it is (attributes, commands), with a few of the
 * bridge's words about it (vendor, model, description) kept for the device page.
 */
record ListedDevice(String name, String address, DeviceMeta meta, Optional<String> vendor, Optional<String> description) {
}
