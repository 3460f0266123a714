package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceBuilder;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.wire.DeviceMeta;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A pretend device on a real {@link HearthDevice}. It records every command it handles (name,
 * args, time) so scenarios and tests can check what the hub asked of it. Subclasses say what the
 * device is ({@link #meta()}, {@link #initialState()}) and how it answers ({@link #commands()}).
 */
public abstract class SimulatedDevice implements AutoCloseable {
    private final String id;
    private final String password;
    private final SimulationContext context;
    private final List<ReceivedCommand> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReceivedCommand>> commandListeners = new CopyOnWriteArrayList<>();
    private HearthDevice device;

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

    public final String id() {
        return id;
    }

    protected final SimulationContext context() {
        return context;
    }

    /** Connects to the broker (blocking); see {@link HearthDevice#connect()}. */
    public final void connect() {
        device().connect();
    }

    /** Reports a partial state, as the real device would. */
    public final void report(ObjectNode partial) {
        device().reportState(partial);
    }

    public final void report(Map<String, ?> partial) {
        device().reportState(partial);
    }

    public final ObjectNode state() {
        return device().state();
    }

    public final boolean isConnected() {
        return device().isConnected();
    }

    /** The commands handled so far, oldest first. */
    public final List<ReceivedCommand> receivedCommands() {
        return List.copyOf(received);
    }

    /** Told of each command as it arrives, before the device answers it. */
    public final void onCommandReceived(Consumer<ReceivedCommand> listener) {
        commandListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        device().close();
    }

    private synchronized HearthDevice device() {
        if (device == null) {
            HearthDeviceBuilder builder = HearthDevice.builder()
                    .serverUri(context.serverUri())
                    .deviceId(id)
                    .password(password)
                    .meta(meta())
                    .initialState(initialState());
            commands().forEach((name, handler) -> builder.onCommand(name, recording(handler)));
            device = builder.build();
        }
        return device;
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
