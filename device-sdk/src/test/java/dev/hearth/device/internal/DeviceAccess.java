package dev.hearth.device.internal;

import dev.hearth.device.HearthDevice;

/** Reaches into a device for tests: cuts its connection the way a power cut would. */
public final class DeviceAccess {
    private DeviceAccess() {
    }

    public static void sever(HearthDevice device) {
        ((PahoHearthDevice) device).severConnection();
    }
}
