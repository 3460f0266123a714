package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A coffee machine: {@code brew} (optional {@code {"cups": n}}, n ≥ 1, default 1) is answered
 * at once, then the machine reports {@code status: brewing} and, after the brew time,
 * {@code status: idle}. A brew while brewing fails with "already brewing".
 */
public final class CoffeeMachine extends SimulatedDevice {
    public static final Duration DEFAULT_BREW_TIME = Duration.ofSeconds(5);
    public static final String STATUS = "status";
    public static final String IDLE = "idle";
    public static final String BREWING = "brewing";

    private final Duration brewTime;
    private ScheduledFuture<?> brewing;

    public CoffeeMachine(String id, String password, SimulationContext context) {
        this(id, password, context, DEFAULT_BREW_TIME);
    }

    public CoffeeMachine(String id, String password, SimulationContext context, Duration brewTime) {
        super(id, password, context);
        this.brewTime = Objects.requireNonNull(brewTime, "brewTime");
        if (brewTime.isNegative()) {
            throw new IllegalArgumentException("brew time cannot be negative: " + brewTime);
        }
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.COFFEE_MACHINE;
    }

    public Duration brewTime() {
        return brewTime;
    }

    @Override
    protected DeviceMeta meta() {
        return DeviceMeta.builder(kind().wire())
                .attribute(STATUS, AttributeType.STRING)
                .command("brew", Map.of("cups", AttributeMeta.of(AttributeType.INTEGER))) // optional, default 1
                .build();
    }

    @Override
    protected ObjectNode initialState() {
        return WireJson.mapper().createObjectNode().put(STATUS, IDLE);
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of("brew", this::brew);
    }

    private synchronized CommandReply brew(Command command) {
        JsonNode cups = command.args().get("cups");
        if (cups != null && !(cups.canConvertToInt() && cups.isIntegralNumber() && cups.asInt() >= 1)) {
            return CommandReply.failure("cups must be a whole number of at least 1, was " + cups);
        }
        if (brewing != null && !brewing.isDone()) {
            return CommandReply.failure("already brewing");
        }
        int n = cups == null ? 1 : cups.asInt();
        context().scheduler().execute(() -> report(Map.of(STATUS, BREWING)));
        brewing = context().scheduler().schedule(() -> report(Map.of(STATUS, IDLE)), brewTime.toNanos(), TimeUnit.NANOSECONDS);
        return CommandReply.success(WireJson.mapper().createObjectNode().put("cups", n));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (brewing != null) {
                brewing.cancel(false);
            }
        }
        super.close();
    }
}
