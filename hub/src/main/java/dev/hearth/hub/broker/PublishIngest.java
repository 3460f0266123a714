package dev.hearth.hub.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import dev.hearth.wire.Availability;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.DeviceTopic;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads every inbound publish in-process, parses it at the edge and hands it to the hub.
 * It runs BEFORE the broker's authorization (STACK.md trap 2), so it only takes topics that
 * belong to the publishing device; the ACL refuses the rest afterwards. A payload that breaks
 * the wire contract is logged, not delivered, and not retained.
 */
final class PublishIngest implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(PublishIngest.class);

    private final DeviceTraffic traffic;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    PublishIngest(DeviceTraffic traffic, RateLimiter rateLimiter, Clock clock) {
        this.traffic = traffic;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket publish = input.getPublishPacket();
        Optional<String> deviceId = ConnectionDevice.of(input);
        Optional<DeviceTopic> topic = Topics.parse(publish.getTopic());
        if (deviceId.isEmpty() || topic.isEmpty() || !topic.get().deviceId().equals(deviceId.get())) {
            return;
        }
        try (MDC.MDCCloseable logDevice = MDC.putCloseable("device", deviceId.get())) {
            handle(deviceId.get(), topic.get(), publish, output);
        }
    }

    private void handle(String deviceId, DeviceTopic topic, PublishPacket publish, PublishInboundOutput output) {
        if (!rateLimiter.tryAcquire(deviceId)) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "message rate limit exceeded");
            traffic.onRejected(deviceId, publish.getTopic(), "rate_limited");
            return;
        }
        try {
            route(topic, publish, clock.instant());
        } catch (WireJson.InvalidPayloadException e) {
            String reason = e.fault().code();
            LOG.warn("rejected payload from device {} on topic {} ({}): {}", deviceId, publish.getTopic(), reason, e.getMessage());
            output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, e.getMessage());
            traffic.onRejected(deviceId, publish.getTopic(), reason);
        } catch (RuntimeException e) {
            // The hub's own fault: never let it reach the broker's thread, never lose the hub.
            LOG.error("failed to handle publish from device {} on topic {}", deviceId, publish.getTopic(), e);
        }
    }

    private void route(DeviceTopic topic, PublishPacket publish, Instant at) throws WireJson.InvalidPayloadException {
        String deviceId = topic.deviceId();
        byte[] payload = publish.getPayload().map(Buffers::copy).orElse(new byte[0]);
        switch (topic.kind()) {
            case STATE -> traffic.onState(deviceId, WireJson.parseObject(payload), at);
            case META -> traffic.onMeta(deviceId, requireMeta(payload), at);
            case TELEMETRY -> traffic.onTelemetry(deviceId, WireJson.parseObject(payload), at);
            case REPLIES -> routeReply(deviceId, publish.getCorrelationData().map(Buffers::copy), payload);
            // availability itself comes from connection events; a status publish only has to be well formed
            case STATUS -> Availability.read(payload);
            case COMMAND, DESIRED -> {
                // hub-to-device topics: the ACL refuses a device's publish there
            }
        }
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
