package dev.hearth.hub.adapters;

/** A command as the native device takes it: a topic and a payload, never retained. */
public record NativePublish(String topic, byte[] payload) {
    public NativePublish {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
