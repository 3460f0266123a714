package dev.hearth.simulator.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Shelly Plus 1 (Gen2, https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Mqtt): {@code <prefix>/online}
 * true/false (retained, the will false), {@code <prefix>/status/switch:0} on each change, NotifyStatus on
 * {@code <prefix>/events/rpc}, and JSON-RPC on {@code <prefix>/rpc} ({@code Switch.Set}, {@code Switch.Toggle},
 * {@code Switch.GetStatus}, {@code Shelly.GetStatus}) answered on {@code <src>/rpc} with the request's id. Canonical:
 * {@code switch0} (true/false); commands {@code turn_on}, {@code turn_off}, {@code toggle} with {@code channel} 0.
 */
public record ShellyFirmware(String user, String prefix) implements Firmware {
    public static final String SWITCH = "switch0";

    public ShellyFirmware {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String clientId() {
        return prefix;
    }

    @Override
    public Publish will() {
        return Publish.retained(prefix + "/online", "false");
    }

    @Override
    public List<String> subscriptions() {
        return List.of(prefix + "/rpc");
    }

    @Override
    public List<Publish> hello(ObjectNode whole) {
        return List.of(Publish.retained(prefix + "/online", "true"), Publish.of(prefix + "/status/switch:0", Json.text(status(whole))));
    }

    private static ObjectNode status(ObjectNode whole) {
        return status(whole.path(SWITCH).asBoolean(false), 0.0);
    }

    private static ObjectNode status(boolean on, double watts) {
        ObjectNode status = Json.object();
        status.put("id", 0).put("source", "MQTT").put("output", on).put("apower", watts).put("voltage", 230.1)
                .put("current", Math.round(watts / 230.1 * 1000) / 1000.0);
        status.putObject("aenergy").put("total", 0.0);
        status.putObject("temperature").put("tC", 41.2).put("tF", 106.2);
        return status;
    }

    @Override
    public List<Publish> report(ObjectNode partial, ObjectNode whole) {
        if (!partial.has(SWITCH)) {
            return List.of();
        }
        ObjectNode notify = Json.object();
        notify.put("src", prefix).put("dst", prefix + "/events").put("method", "NotifyStatus");
        notify.putObject("params").put("ts", 0.0).putObject("switch:0").put("id", 0).put("output", whole.path(SWITCH).asBoolean());
        return List.of(Publish.of(prefix + "/status/switch:0", Json.text(status(whole))),
                Publish.of(prefix + "/events/rpc", Json.text(notify)));
    }

    /** Its switch's status, on, drawing {@code watts}: the message it sends on each change of its output or power. */
    @Override
    public Publish measurement(double watts) {
        return Publish.of(prefix + "/status/switch:0", Json.text(status(true, watts)));
    }

    @Override
    public Optional<Inbound> inbound(String topic, String payload) {
        if (!topic.equals(prefix + "/rpc")) {
            return Optional.empty();
        }
        Optional<ObjectNode> request = Json.parse(payload);
        if (request.isEmpty() || !request.get().path("src").isTextual()) {
            return Optional.empty(); // a request with no src cannot be answered: the device drops it
        }
        JsonNode id = request.get().path("id");
        String src = request.get().path("src").asText();
        JsonNode params = request.get().path("params");
        String method = request.get().path("method").asText();
        if (!method.startsWith("Shelly.") && params.path("id").asInt(0) != 0) {
            return Optional.of(new Inbound(Optional.empty(), (before, after) -> List.of(
                    reply(id, src, null, "{\"code\":-105,\"message\":\"Argument 'id', value " + params.path("id") + " not found!\"}"))));
        }
        Command channel0 = null;
        switch (method) {
            case "Switch.Set" -> channel0 = command(params.path("on").asBoolean(false) ? "turn_on" : "turn_off");
            case "Switch.Toggle" -> channel0 = command("toggle");
            case "Switch.GetStatus", "Shelly.GetStatus" -> {
            }
            default -> {
                return Optional.of(new Inbound(Optional.empty(), (before, after) -> List.of(
                        reply(id, src, null, "{\"code\":404,\"message\":\"No handler for " + method + "\"}"))));
            }
        }
        return Optional.of(new Inbound(Optional.ofNullable(channel0), (before, after) -> List.of(reply(id, src, switch (method) {
            case "Switch.Set", "Switch.Toggle" -> "{\"was_on\":" + before.path(SWITCH).asBoolean(false) + "}";
            case "Switch.GetStatus" -> Json.text(status(after));
            default -> "{\"switch:0\":" + Json.text(status(after)) + "}";
        }, null))));
    }

    private static Command command(String name) {
        ObjectNode args = Json.object();
        args.put("channel", 0);
        return new Command(name, args);
    }

    private Publish reply(JsonNode id, String src, String result, String error) {
        return Publish.of(src + "/rpc", "{\"id\":" + id + ",\"src\":\"" + prefix + "\",\"dst\":\"" + src + "\","
                + (result != null ? "\"result\":" + result : "\"error\":" + error) + "}");
    }
}
