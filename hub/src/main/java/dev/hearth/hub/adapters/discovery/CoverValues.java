package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.CommandRefused;
import dev.hearth.rules.CommandRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cover in Hearth: {@code gate} is {@code open}, {@code closed}, {@code opening}, {@code closing} or {@code stopped},
 * {@code gate_position} 0 (closed) to 100 (open) whatever the device's own range; {@code open}, {@code close},
 * {@code stop} send its payloads, {@code set_position} takes {@code position} 0..100.
 */
final class CoverValues {
    static final String POSITION = "_position";

    private CoverValues() {
    }

    static List<String> attributes(EntityConfig entity, Cover cover, String attribute) {
        List<String> out = new ArrayList<>();
        entity.stateTopic().ifPresent(topic -> out.add(attribute));
        cover.position().ifPresent(topic -> out.add(attribute + POSITION));
        return out;
    }

    static void describe(EntityConfig entity, Cover cover, String attribute, ObjectNode attributes) {
        if (entity.stateTopic().isPresent()) {
            boolean moves = List.of(Cover.OPEN, Cover.CLOSE, Cover.STOP).stream().anyMatch(command -> takes(entity, cover, command));
            attributes.set(attribute, EntityValues.attributeMeta("string", Optional.empty(), moves));
        }
        if (cover.position().isPresent()) {
            attributes.set(attribute + POSITION, EntityValues.attributeMeta("integer", Optional.of("%"),
                    cover.setPositionTopic().isPresent()));
        }
    }

    static boolean takes(EntityConfig entity, Cover cover, String command) {
        return command.equals(Cover.SET_POSITION) ? cover.setPositionTopic().isPresent()
                : entity.commandTopic().isPresent() && cover.payload(command).isPresent();
    }

    static void read(EntityConfig entity, Cover cover, String attribute, String topic, byte[] payload, ObjectNode out)
            throws EntityValues.Unreadable {
        if (entity.stateTopic().filter(topic::equals).isPresent()) {
            Optional<JsonNode> word = EntityValues.value(entity.valueTemplate(), topic, payload);
            if (word.isPresent()) {
                String state = cover.states().get(word.get().asText());
                if (state == null) {
                    throw new EntityValues.Unreadable(topic + ": '" + word.get().asText() + "' is none of the cover's states "
                            + cover.states().keySet());
                }
                out.put(attribute, state);
            }
        }
        if (cover.position().filter(position -> position.topic().equals(topic)).isPresent()) {
            Optional<JsonNode> position = position(cover.position().get(), topic, payload);
            if (position.isPresent()) {
                double wire = EntityValues.number(topic, position.get()).doubleValue();
                out.put(attribute + POSITION, cover.percent(wire).orElseThrow(() -> new EntityValues.Unreadable(topic
                        + ": position " + position.get().asText() + " is outside position_closed " + cover.positionClosed()
                        + " .. position_open " + cover.positionOpen())));
            }
        }
    }

    /** Home Assistant reads a position payload that is a JSON object by its {@code position} when no template says more. */
    private static Optional<JsonNode> position(StateTopic source, String topic, byte[] payload) throws EntityValues.Unreadable {
        if (source.template().equals(ValueTemplate.VALUE)) {
            Optional<JsonNode> object = ConfigReader.jsonObject(payload).map(json -> json.get("position"));
            if (object.isPresent()) {
                return object;
            }
        }
        return EntityValues.value(source.template(), topic, payload);
    }

    static EntityValues.Command command(CommandRequest request, EntityConfig entity, Cover cover, String attribute)
            throws CommandRefused {
        Set<String> state = entity.stateTopic().isPresent() ? Set.of(attribute) : Set.of();
        Set<String> position = cover.position().isPresent() ? Set.of(attribute + POSITION) : Set.of();
        if (request.command().equals(Cover.SET_POSITION)) {
            JsonNode percent = request.args().path("position");
            if (!percent.canConvertToLong() || percent.asLong() < 0 || percent.asLong() > 100 || !percent.isIntegralNumber()) {
                throw new CommandRefused(request.deviceId() + ": set_position needs argument 'position', an integer from 0"
                        + " (closed) to 100 (open), got " + percent);
            }
            return EntityValues.Command.confirmedBy(cover.setPositionTopic().orElseThrow(),
                    Long.toString(cover.wire(percent.asLong())), position.isEmpty() ? state : position, request.command());
        }
        return EntityValues.Command.confirmedBy(entity.commandTopic().orElseThrow(),
                cover.payload(request.command()).orElseThrow(), state.isEmpty() && !request.command().equals(Cover.STOP)
                        ? position : state, request.command());
    }
}
