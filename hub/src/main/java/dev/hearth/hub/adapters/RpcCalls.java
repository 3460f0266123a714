package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.PayloadFault;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC session of one login that takes its commands as JSON-RPC requests over MQTT, as Shelly Gen2+
 * does: a request {@code {"id":7,"src":"<src>","method":"Switch.Set","params":{...}}} on the device's
 * {@code <prefix>/rpc}, answered on {@code <src>/rpc} with the same id and either {@code result} or
 * {@code error}. Unlike Tasmota's and Zigbee2MQTT's, a Shelly's answer names its request, so the reply
 * itself completes the hub's command, or fails it with the device's message.
 *
 * <p>Ids are unique per login: they count up from the clock's milliseconds when the session starts, so
 * that a late answer to a request of the hub's previous run does not complete a new command. A request
 * waits for its answer until the command's timeout, then is forgotten; an answer with an id that waits
 * for nothing (late, or not ours) is taken, ignored and counted. Not thread-safe: its session's lock
 * guards it (the count of ignored answers is read off the lock).
 */
final class RpcCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RpcCalls.class);
    /** More requests waiting than this and the oldest go: a device that never answers must not fill the heap. */
    static final int MAX_WAITING = 256;

    private record Waiting(String deviceId, byte[] correlation, Instant deadline) {
    }

    private final String src;
    private final Clock clock;
    private final Map<Long, Waiting> waiting = new LinkedHashMap<>();
    private final AtomicLong unmatched = new AtomicLong();
    private long nextId;

    /** {@code src}: what the requests name as their source; the device answers on {@code src + "/rpc"}. */
    RpcCalls(String src, Clock clock) {
        this.src = src;
        this.clock = clock;
        this.nextId = Math.max(1, clock.millis());
    }

    String src() {
        return src;
    }

    /** The request frame for a command, waiting for its answer until {@code timeout} from now. */
    byte[] request(String deviceId, byte[] correlation, String method, JsonNode params, Duration timeout) {
        prune();
        if (waiting.size() >= MAX_WAITING) {
            Iterator<Long> oldest = waiting.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        long id = nextId++;
        waiting.put(id, new Waiting(deviceId, correlation.clone(), clock.instant().plus(timeout)));
        ObjectNode frame = JsonNodeFactory.instance.objectNode().put("id", id).put("src", src).put("method", method);
        frame.set("params", params);
        return WireJson.toBytes(frame);
    }

    /** An answer: the command it completes or fails, or nothing when no request waits for its id. */
    List<DeviceEvent> reply(String topic, byte[] payload) throws Refusal {
        ObjectNode frame = NativeJson.object(topic, payload);
        JsonNode id = frame.path("id");
        JsonNode result = frame.get("result");
        JsonNode error = frame.get("error");
        if (!id.isIntegralNumber() && !id.isTextual()) {
            throw new Refusal(PayloadFault.INVALID_REPLY.code(), topic + ": an RPC reply carries the request's \"id\"");
        }
        if ((result == null) == (error == null)) {
            throw new Refusal(PayloadFault.INVALID_REPLY.code(), topic + ": an RPC reply carries exactly one of \"result\""
                    + " or \"error\"");
        }
        prune();
        Waiting call = id.isIntegralNumber() && id.canConvertToLong() ? waiting.remove(id.longValue()) : null;
        if (call == null) {
            unmatched.incrementAndGet();
            LOG.info("{}: RPC reply with id {} answers no waiting request (late, or not the hub's): ignored", topic, id);
            return List.of();
        }
        if (error != null) {
            return List.of(new DeviceEvent.Failed(call.deviceId(), call.correlation(), errorText(error)));
        }
        return List.of(new DeviceEvent.Confirmed(call.deviceId(), call.correlation(), result));
    }

    /** Answers taken that no request waited for, since the start. */
    long unmatched() {
        return unmatched.get();
    }

    int waiting() {
        return waiting.size();
    }

    /** The device's own words, with its code: {@code Argument 'id', value 5 not found! (error -105)}. */
    private static String errorText(JsonNode error) {
        String message = error.path("message").isTextual() ? error.path("message").textValue() : error.toString();
        return error.path("code").isNumber() ? message + " (error " + error.path("code").asText() + ")" : message;
    }

    private void prune() {
        Instant now = clock.instant();
        waiting.values().removeIf(call -> now.isAfter(call.deadline()));
    }
}
