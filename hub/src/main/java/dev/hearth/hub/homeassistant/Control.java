package dev.hearth.hub.homeassistant;

/** What a Home Assistant command topic does to the device: its canonical command, or its desired state. */
public sealed interface Control {
    /**
     * A switch over an on/off command pair (a Tasmota plug's, a Zigbee lamp's {@code turn_on}/{@code turn_off}); with a
     * channel, for one of the device's numbered outputs (a Tasmota Dual's power2: {@code {"relay": 2}}).
     */
    record CommandPair(String on, String off, java.util.Optional<Channel> channel) implements Control {
        public CommandPair(String on, String off) {
            this(on, off, java.util.Optional.empty());
        }
    }

    /** The argument that picks one output of the device, and its number. */
    record Channel(String argument, int number) {
    }

    /** A settable boolean of a device that takes {@code set} with the attributes to set (Zigbee2MQTT's). */
    record SetCommand(String attribute) implements Control {
    }

    /** A settable boolean of a Hearth device: its desired state, which the device converges to and reports. */
    record DesiredState(String attribute) implements Control {
    }

    /** A button: the command without arguments. */
    record Press(String command) implements Control {
    }
}
