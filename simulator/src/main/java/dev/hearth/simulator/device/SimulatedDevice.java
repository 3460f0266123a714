package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.behaviour.BehaviourPlayer;
import dev.hearth.simulator.link.DeviceLink;
import dev.hearth.simulator.link.LinkSettings;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A pretend device on a {@link DeviceLink} (the device SDK over MQTT, or an in-memory hub). It
 * records every command it handles and every state it reports, with the simulation clock's time,
 * so scenarios and tests can check what happened. Subclasses say what the device is
 * ({@link #meta()}, {@link #initialState()}), how it answers ({@link #commands()}) and, if they
 * like, how attributes move by themselves ({@link #behaviours()}).
 */
public abstract class SimulatedDevice implements AutoCloseable {
    private final String id;
    private final String password;
    private final SimulationContext context;
    private final List<ReceivedCommand> received = new CopyOnWriteArrayList<>();
    private final List<StateSample> history = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReceivedCommand>> commandListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<StateSample>> stateListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private ObjectNode state;
    private DeviceLink link;
    private boolean networkCut;
    private BehaviourPlayer player;
    private boolean closed;

    protected SimulatedDevice(String id, String password, SimulationContext context) {
        this.id = Objects.requireNonNull(id, "id");
        this.password = Objects.requireNonNull(password, "password");
        this.context = Objects.requireNonNull(context, "context");
    }

    public abstract DeviceKind kind();

    protected abstract DeviceMeta meta();

    protected abstract ObjectNode initialState();

    /** The commands this device answers, by name. */
    protected abstract Map<String, CommandHandler> commands();

    /** How the device speaks MQTT when it is no device of the wire contract (Tasmota, Zigbee2MQTT...); over the virtual hub it speaks canonically. */
    protected Optional<Firmware> firmware() {
        return Optional.empty();
    }

    /** Attributes that change by themselves once the device is connected; none unless a kind says so. */
    protected Map<String, Behaviour> behaviours() {
        return Map.of();
    }

    public final String id() {
        return id;
    }

    protected final SimulationContext context() {
        return context;
    }

    /** Connects (blocking on MQTT); behaviours start with the first connect. */
    public final void connect() {
        DeviceLink current;
        boolean first;
        synchronized (lock) {
            requireOpen();
            first = state == null;
            ensureState();
            if (link == null) {
                link = openLink();
            }
            current = link;
        }
        if (first) {
            record(state());
        }
        current.connect();
        synchronized (lock) {
            if (player == null && !closed) {
                player = BehaviourPlayer.start(behaviours(), context.scheduler(), this::reportAttribute);
            }
        }
    }

    /** Reports a partial state, as the real device would. */
    public final void report(ObjectNode partial) {
        Objects.requireNonNull(partial, "partial");
        ObjectNode whole;
        synchronized (lock) {
            ensureState();
            state.setAll(partial.deepCopy());
            whole = state.deepCopy();
            if (link != null) {
                link.report(partial.deepCopy());
            }
        }
        record(whole);
    }

    public final void report(Map<String, ?> partial) {
        report((ObjectNode) WireJson.mapper().valueToTree(Objects.requireNonNull(partial, "partial")));
    }

    /** The state the device holds (reported, or held back while it is offline). */
    public final ObjectNode state() {
        synchronized (lock) {
            ensureState();
            return state.deepCopy();
        }
    }

    public final boolean isConnected() {
        synchronized (lock) {
            return link != null && link.isConnected();
        }
    }

    /** The commands handled so far, oldest first. */
    public final List<ReceivedCommand> receivedCommands() {
        return List.copyOf(received);
    }

    /** Every state the device held, oldest first: the one it connected with, then one per report. */
    public final List<StateSample> stateHistory() {
        return List.copyOf(history);
    }

    /** Told of each command as it arrives, before the device answers it. */
    public final void onCommandReceived(Consumer<ReceivedCommand> listener) {
        commandListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Told of each state the device takes on, after it is reported. */
    public final void onStateReported(Consumer<StateSample> listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Leaves the network. {@link OfflineMode#DROP} needs a transport that can cut connections
     * ({@code MqttTransport.withFaults()} or the virtual hub); behaviours keep running and their
     * reports wait for the device to come back, as on a real device.
     */
    public final void goOffline(OfflineMode mode) {
        synchronized (lock) {
            requireOpen();
            if (link == null) {
                return;
            }
            if (mode == OfflineMode.DROP) {
                link.faults().cut();
                networkCut = true;
            } else {
                link.close();
                link = null;
            }
        }
    }

    /** Back after {@link #goOffline}: a dropped device reconnects by itself; a closed one connects again (blocking on MQTT). */
    public final void comeOnline() {
        DeviceLink reopen = null;
        synchronized (lock) {
            requireOpen();
            if (networkCut) {
                link.faults().restore();
                networkCut = false;
            } else if (link == null) {
                link = openLink();
                reopen = link;
            }
        }
        if (reopen != null) {
            reopen.connect();
        }
    }

    /** The device process restarts: a clean goodbye, then a fresh connection with the state it holds. */
    public final void restart() {
        goOffline(OfflineMode.CLOSE);
        comeOnline();
    }

    @Override
    public void close() {
        DeviceLink last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (player != null) {
                player.stop();
            }
            last = link;
            link = null;
        }
        if (last != null) {
            last.close();
        }
    }

    private void reportAttribute(String attribute, JsonNode value) {
        ObjectNode partial = WireJson.mapper().createObjectNode();
        partial.set(attribute, value);
        report(partial);
    }

    private void record(ObjectNode whole) {
        StateSample sample = new StateSample(context.clock().instant(), whole);
        history.add(sample);
        stateListeners.forEach(listener -> listener.accept(sample));
    }

    /** The kind's initial state with each behaviour's first value on top. */
    private void ensureState() {
        if (state == null) {
            ObjectNode initial = initialState().deepCopy();
            BehaviourPlayer.initialValues(behaviours()).forEach(initial::set);
            state = initial;
        }
    }

    private DeviceLink openLink() {
        Map<String, CommandHandler> handlers = new LinkedHashMap<>();
        commands().forEach((name, handler) -> handlers.put(name, recording(handler)));
        return context.transport().open(new LinkSettings(id, password, meta(), state.deepCopy(), handlers, firmware()), context);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("device " + id + " is closed");
        }
    }

    private CommandHandler recording(CommandHandler handler) {
        return command -> {
            ReceivedCommand r = new ReceivedCommand(command.name(), command.args(), context.clock().instant());
            received.add(r);
            commandListeners.forEach(listener -> listener.accept(r));
            return handler.handle(command);
        };
    }
}
