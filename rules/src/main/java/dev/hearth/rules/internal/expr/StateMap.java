package dev.hearth.rules.internal.expr;

import dev.hearth.rules.CelValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.StateView;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code state} for CEL, read lazily through the {@link StateView}: an expression reads only the few
 * attributes it names, and the port has no way to list them all anyway. Iterating it yields nothing.
 */
public final class StateMap extends AbstractMap<String, Object> {
    private final StateView state;

    public StateMap(StateView state) {
        this.state = state;
    }

    @Override
    public boolean containsKey(Object device) {
        return device instanceof String;
    }

    @Override
    public Object get(Object device) {
        return device instanceof String id ? new DeviceMap(state, id) : null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Set.of();
    }

    private static final class DeviceMap extends AbstractMap<String, Object> {
        private final StateView state;
        private final String deviceId;

        DeviceMap(StateView state, String deviceId) {
            this.state = state;
            this.deviceId = deviceId;
        }

        private Optional<JsonNode> read(Object attribute) {
            if (!(attribute instanceof String name)) {
                return Optional.empty();
            }
            Optional<JsonNode> value = state.attribute(deviceId, name);
            return value == null ? Optional.empty() : value;
        }

        @Override
        public boolean containsKey(Object attribute) {
            return read(attribute).isPresent();
        }

        @Override
        public Object get(Object attribute) {
            return read(attribute).map(CelValues::fromJson).orElse(null);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    }

    /** The variables of one evaluation. */
    public static Map<String, Object> variables(StateView state, Map<String, Object> trigger, Map<String, Object> vars) {
        return Map.of("state", new StateMap(state), "trigger", trigger, "vars", vars);
    }
}
