package dev.hearth.device;

/** The device could not do what was asked (connect, mostly); the message says why. */
public class HearthDeviceException extends RuntimeException {
    public HearthDeviceException(String message) {
        super(message);
    }

    public HearthDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
