package dev.hearth.hub.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import dev.hearth.hub.memory.HeapWatermark;
import dev.hearth.hub.storage.Write;
import dev.hearth.wire.Availability;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.DeviceTopic;
import dev.hearth.wire.Telemetry;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads every inbound publish in-process, parses it at the edge and hands it to the hub.
 * It runs BEFORE the broker's authorization (STACK.md trap 2), so it only takes topics that
 * belong to the publishing device; the ACL refuses the rest afterwards. A payload that breaks
 * the wire contract is logged, not delivered, and not retained.
 *
 * <p>A QoS 1 message is acknowledged only once what it changed is committed to storage, so a
 * device (and the SDK's disk buffer) never lets go of a message a crash of the hub would lose.
 * When it cannot be stored, the device is disconnected before any PUBACK: it sends the message
 * again after reconnecting, where an error PUBACK would make it give the message up. In cluster mode the PUBACK
 * waits for Kafka's acknowledgement of the message's events too.
 */
final class PublishIngest implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(PublishIngest.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    private final DeviceTraffic traffic;
    private final NativeTraffic natives;
    private final RateLimiter rateLimiter;
    private final HeapWatermark heap;
    private final Clock clock;
    private final Function<String, CompletableFuture<?>> disconnect;

    PublishIngest(DeviceTraffic traffic, NativeTraffic natives, RateLimiter rateLimiter, HeapWatermark heap, Clock clock,
                  Function<String, CompletableFuture<?>> disconnect) {
        this.heap = heap;
        this.traffic = traffic;
        this.natives = natives;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.disconnect = disconnect;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket publish = input.getPublishPacket();
        Optional<String> deviceId = ConnectionDevice.of(input);
        if (deviceId.isEmpty()) {
            return;
        }
        if (publish.getQos() == Qos.AT_MOST_ONCE && heap.high()) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "the hub is overloaded");
            traffic.onRejected(deviceId.get(), publish.getTopic(), "overloaded");
            return;
        }
        Optional<NativeAccess> nativeAccess = natives.access(deviceId.get());
        if (nativeAccess.isPresent()) {
            try (MDC.MDCCloseable logDevice = MDC.putCloseable("device", deviceId.get())) {
                boolean mqtt5 = input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5;
                takeNative(deviceId.get(), input.getClientInformation().getClientId(), mqtt5, publish, output);
            }
            return;
        }
        Optional<DeviceTopic> topic = Topics.parse(publish.getTopic());
        if (topic.isEmpty() || !topic.get().deviceId().equals(deviceId.get())) {
            return;
        }
        try (MDC.MDCCloseable logDevice = MDC.putCloseable("device", deviceId.get())) {
            if (!rateLimiter.tryAcquire(deviceId.get())) {
                output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "message rate limit exceeded");
                traffic.onRejected(deviceId.get(), publish.getTopic(), "rate_limited");
            } else if (publish.getQos() == Qos.AT_MOST_ONCE) {
                traffic.store(take(deviceId.get(), topic.get(), publish, output));
            } else {
                storeThenAcknowledge(deviceId.get(), input.getClientInformation().getClientId(),
                        input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5, publish,
                        take(deviceId.get(), topic.get(), publish, output), output);
            }
        }
    }

    /**
     * A publish of a login that speaks a native protocol: translated by the hub's adapters into the same
     * writes as a wire message, stored and acknowledged the same way. A topic outside its tree is left to
     * the ACL, which refuses it after this interceptor (and disconnects the login); it is counted here.
     * A refused payload is not delivered; an MQTT 5 client is told why in its PUBACK, an MQTT 3 one (most
     * native devices) gets a plain PUBACK, since HiveMQ disconnects an MQTT 3 client whose publish is
     * refused with an error code, and a plug that reconnects to send the same report again helps nobody.
     */
    private void takeNative(String loginId, String clientId, boolean mqtt5, PublishPacket publish, PublishInboundOutput output) {
        String topic = publish.getTopic();
        if (!rateLimiter.tryAcquire(loginId)) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "message rate limit exceeded");
            traffic.onRejected(loginId, topic, "rate_limited");
            return;
        }
        byte[] payload = publish.getPayload().map(Buffers::copy).orElse(new byte[0]);
        NativeOutcome outcome;
        try {
            outcome = natives.take(loginId, topic, payload, clock.instant());
        } catch (RuntimeException e) {
            // The hub's own fault: never let it reach the broker's thread, never lose the hub.
            LOG.error("failed to handle publish from {} on topic {}", loginId, topic, e);
            return;
        }
        if (outcome instanceof NativeOutcome.Taken taken) {
            if (publish.getQos() == Qos.AT_MOST_ONCE) {
                traffic.store(taken.writes());
            } else {
                storeThenAcknowledge(loginId, clientId, mqtt5, publish, taken.writes(), output);
            }
        } else if (outcome instanceof NativeOutcome.Refused refused) {
            LOG.warn("rejected payload from {} on topic {} ({}): {}", loginId, topic, refused.reason(), refused.message());
            if (mqtt5) {
                output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, refused.message());
            } else {
                output.preventPublishDelivery();
            }
            traffic.onRejected(loginId, topic, refused.reason());
        } else if (outcome instanceof NativeOutcome.Swallowed swallowed) {
            traffic.store(swallowed.writes()); // a device's own discovery: what it says of itself, never delivered
            output.preventPublishDelivery();
        } else {
            LOG.warn("refused publish from {} on topic {}: outside the topics its protocol gives it", loginId, topic);
            traffic.onRejected(loginId, topic, "topic_not_allowed");
        }
    }

    /**
     * In cluster mode the message's events must be in Kafka as well: when Kafka did not acknowledge them in time, an
     * MQTT 5 device gets a PUBACK with an error reason (it knows the message was not taken and may send it again);
     * an MQTT 3 client, whose PUBACK cannot say so, is disconnected before any, as when storage fails, and sends
     * the message again after reconnecting.
     */
    private void storeThenAcknowledge(String deviceId, String clientId, boolean mqtt5, PublishPacket publish, List<Write> writes,
                                      PublishInboundOutput output) {
        CompletableFuture<Acknowledgement> stored = traffic.storeAcknowledged(writes);
        if (stored.isDone() && stored.join() == Acknowledgement.STORED) {
            return;
        }
        Async<PublishInboundOutput> async = output.async(STORE_TIMEOUT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "not stored in time");
        stored.whenComplete((outcome, failure) -> {
            if (outcome == Acknowledgement.STORED) {
                async.resume();
                return;
            }
            if (outcome == Acknowledgement.NOT_IN_CLUSTER) {
                traffic.onRejected(deviceId, publish.getTopic(), "not_in_cluster");
                output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "the hub could not write it to the cluster's Kafka in time");
                if (mqtt5) {
                    async.resume();
                    return;
                }
            } else {
                traffic.onRejected(deviceId, publish.getTopic(), "not_stored");
                output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "the hub could not store it");
            }
            disconnect.apply(clientId).whenComplete((done, error) -> async.resume());
        });
    }

    /** What the message must store: nothing when it was refused, or when the hub failed on it. */
    private List<Write> take(String deviceId, DeviceTopic topic, PublishPacket publish, PublishInboundOutput output) {
        try {
            return route(topic, publish, clock.instant());
        } catch (WireJson.InvalidPayloadException e) {
            String reason = e.fault().code();
            LOG.warn("rejected payload from device {} on topic {} ({}): {}", deviceId, publish.getTopic(), reason, e.getMessage());
            output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, e.getMessage());
            traffic.onRejected(deviceId, publish.getTopic(), reason);
        } catch (RuntimeException e) {
            // The hub's own fault: never let it reach the broker's thread, never lose the hub.
            LOG.error("failed to handle publish from device {} on topic {}", deviceId, publish.getTopic(), e);
        }
        return List.of();
    }

    private List<Write> route(DeviceTopic topic, PublishPacket publish, Instant at) throws WireJson.InvalidPayloadException {
        String deviceId = topic.deviceId();
        byte[] payload = publish.getPayload().map(Buffers::copy).orElse(new byte[0]);
        return switch (topic.kind()) {
            case STATE -> traffic.onState(deviceId, WireJson.parseObject(payload), at);
            case META -> traffic.onMeta(deviceId, requireMeta(payload), at);
            case TELEMETRY -> {
                ObjectNode measurements = WireJson.parseObject(payload);
                yield traffic.onTelemetry(deviceId, measurements, Telemetry.measuredAt(measurements, at), at);
            }
            case REPLIES -> {
                routeReply(deviceId, publish.getCorrelationData().map(Buffers::copy), payload);
                yield List.of(); // a reply completes a command in memory: nothing to store
            }
            case STATUS -> {
                // availability itself comes from connection events; a status publish only has to be well formed
                Availability.read(payload);
                yield List.of();
            }
            // hub-to-device topics: the ACL refuses a device's publish there
            case COMMAND, DESIRED -> List.of();
        };
    }

    /** The meta is kept as sent (fields of newer devices included) once it reads as a device meta. */
    private static ObjectNode requireMeta(byte[] payload) throws WireJson.InvalidPayloadException {
        ObjectNode meta = WireJson.parseObject(payload);
        DeviceMeta.read(meta);
        return meta;
    }

    /** A malformed reply is refused, and the command waiting for it ends at once with the reason, not at its timeout. */
    private void routeReply(String deviceId, Optional<byte[]> correlation, byte[] payload) throws WireJson.InvalidPayloadException {
        CommandReply reply;
        try {
            reply = CommandReply.parse(payload);
        } catch (WireJson.InvalidPayloadException e) {
            traffic.onReply(deviceId, correlation, CommandReply.failure("malformed reply: " + e.getMessage()));
            throw e;
        }
        traffic.onReply(deviceId, correlation, reply);
    }
}
