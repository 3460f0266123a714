package dev.hearth.worker;

import dev.hearth.cluster.ClusterFormatException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event that does not read is logged (topic, partition, offset, the field that is wrong), counted and skipped:
 * one bad record must not stop a partition's rules. Streams makes this handler from its class name; the count it
 * adds to comes in the configs under {@link #COUNTER_CONFIG}.
 */
public final class MalformedEvents implements DeserializationExceptionHandler {
    static final String COUNTER_CONFIG = "hearth.worker.malformed.counter";
    private static final Logger log = LoggerFactory.getLogger(MalformedEvents.class);

    private AtomicLong counter = new AtomicLong();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(COUNTER_CONFIG) instanceof AtomicLong shared) {
            counter = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        counter.incrementAndGet();
        String why = exception.toString();
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClusterFormatException format) {
                why = (format.field().isEmpty() ? "" : "field '" + format.field() + "': ") + format.problem();
                break;
            }
        }
        log.warn("skipping an event that does not read at {}-{} offset {}: {}", record.topic(), record.partition(),
                record.offset(), why);
        return Response.resume();
    }
}
