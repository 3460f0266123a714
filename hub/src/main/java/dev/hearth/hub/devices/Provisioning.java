package dev.hearth.hub.devices;

import dev.hearth.hub.config.ConfiguredDevices;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.hub.storage.DeviceRepository;
import dev.hearth.hub.storage.StoredDevice;
import dev.hearth.wire.DeviceIds;
import java.time.Clock;
import java.util.Optional;

/**
 * Adds devices and changes their access; the password is generated here and shown once, only
 * its hash is kept. Used by the CLI and the HTTP API alike. Devices of the config's
 * {@code devices:} list are refused: the hub lets them in with their config password whatever
 * the database says, so a change here would report a success that did not happen.
 */
public final class Provisioning {
    private final DeviceRepository devices;
    private final ConfiguredDevices configured;
    private final Clock clock;

    public Provisioning(DeviceRepository devices, ConfiguredDevices configured, Clock clock) {
        this.devices = devices;
        this.configured = configured;
        this.clock = clock;
    }

    /** The new device and its password, which is not stored anywhere. */
    public record Issued(StoredDevice device, String password) {
    }

    public Issued add(String id, Optional<String> type) {
        DeviceIds.require(id);
        refuseConfigured(id);
        String password = PasswordHasher.generatePassword();
        StoredDevice device = new StoredDevice(id, type, PasswordHasher.hashGenerated(password), true, clock.instant());
        if (!devices.insert(device)) {
            throw new ProvisioningException(ProvisioningException.Reason.EXISTS, "device '" + id + "' exists already");
        }
        return new Issued(device, password);
    }

    /** A new password; the old one stops working at once (connections using it are dropped). */
    public Issued rotate(String id) {
        refuseConfigured(id);
        String password = PasswordHasher.generatePassword();
        if (!devices.setPasswordHash(id, PasswordHasher.hashGenerated(password))) {
            throw new ProvisioningException(ProvisioningException.Reason.UNKNOWN, "no provisioned device '" + id + "'");
        }
        return new Issued(devices.find(id).orElseThrow(), password);
    }

    public StoredDevice setEnabled(String id, boolean enabled) {
        refuseConfigured(id);
        if (!devices.setEnabled(id, enabled)) {
            throw new ProvisioningException(ProvisioningException.Reason.UNKNOWN, "no provisioned device '" + id + "'");
        }
        return devices.find(id).orElseThrow();
    }

    /** The device can no longer log in, and what was stored of it but its history is gone. */
    public void remove(String id) {
        refuseConfigured(id);
        if (!devices.delete(id)) {
            throw new ProvisioningException(ProvisioningException.Reason.UNKNOWN, "no provisioned device '" + id + "'");
        }
    }

    private void refuseConfigured(String id) {
        if (configured.defines(id)) {
            throw new ProvisioningException(ProvisioningException.Reason.CONFIGURED, configured.refusal(id));
        }
    }

    /** Refused: names the device and why, in a sentence. */
    public static final class ProvisioningException extends RuntimeException {
        /** CONFIGURED: the device is in the config's {@code devices:} list, changed only there. */
        public enum Reason { UNKNOWN, EXISTS, CONFIGURED }

        private final Reason reason;

        public ProvisioningException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
