package dev.hearth.simulator.link;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.firmware.Firmware;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A simulated device on MQTT in its own firmware's tongue ({@link Firmware}). A Zigbee device shares its bridge's
 * session: it goes "offline" by its availability topic, as Zigbee2MQTT says of a device it lost, while the bridge
 * stays; a device with a session of its own goes offline as its connection does.
 */
final class NativeLink implements DeviceLink {
    private final Firmware firmware;
    private final LinkSettings settings;
    private final SimulationContext context;
    private final boolean relayed;
    private final NativeSessions sessions;
    private final Object lock = new Object();
    private ObjectNode whole;
    private NativeSession session;
    private boolean away;
    private ScheduledFuture<?> periodic;

    NativeLink(Firmware firmware, LinkSettings settings, SimulationContext context, boolean relayed, NativeSessions sessions) {
        this.firmware = firmware;
        this.sessions = sessions;
        this.settings = settings;
        this.context = context;
        this.relayed = relayed;
        this.whole = settings.initialState();
    }

    void attach(NativeSession session) {
        this.session = session;
    }

    Firmware firmware() {
        return firmware;
    }

    String password() {
        return settings.password();
    }

    @Override
    public void connect() {
        sessions.join(context.serverUri(), relayed, this);
        firmware.period().ifPresent(period -> periodic = context.scheduler().scheduleAtFixedRate(() -> {
            if (isConnected()) {
                session.publish(firmware.periodic(state()));
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The session is (again) connected: the device says who it is and what its state is. */
    void connected() {
        if (!away) {
            session.publish(firmware.hello(state()));
        }
    }

    @Override
    public void report(ObjectNode partial) {
        ObjectNode after;
        synchronized (lock) {
            whole.setAll(partial.deepCopy());
            after = whole.deepCopy();
        }
        if (isConnected()) {
            session.publish(firmware.report(partial, after));
        }
    }

    private ObjectNode state() {
        synchronized (lock) {
            return whole.deepCopy();
        }
    }

    void received(String topic, String payload) {
        if (away) {
            return;
        }
        firmware.inbound(topic, payload).ifPresent(inbound -> context.scheduler().execute(() -> {
            ObjectNode before = state();
            inbound.command().ifPresent(this::run);
            session.publish(inbound.answer().apply(before, state()));
        }));
    }

    private void run(Command command) {
        CommandHandler handler = settings.commands().get(command.name());
        if (handler == null) {
            return; // the firmware takes it; this device has no such command
        }
        try {
            handler.handle(command);
        } catch (Exception e) {
            // a firmware answers nothing to what it cannot do
        }
    }

    @Override
    public boolean isConnected() {
        NativeSession current = session;
        return current != null && current.isConnected() && !away;
    }

    @Override
    public void close() {
        if (periodic != null) {
            periodic.cancel(false);
        }
        if (session != null) {
            session.leave(this);
        }
    }

    @Override
    public NetworkFaults faults() {
        if (firmware.away().isEmpty()) {
            if (session.proxy() == null) {
                throw new UnsupportedOperationException(firmware.clientId() + " is connected directly: use MqttTransport.withFaults()");
            }
            return session.proxy();
        }
        return new NetworkFaults() {
            @Override
            public void cut() {
                session.publish(firmware.away());
                away = true;
            }

            @Override
            public void restore() {
                away = false;
                connected();
            }
        };
    }

}
