package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wire.Topics;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device sending attribute names no one needs: long, unique, in reports the hub keeps and in
 * payloads it refuses. Neither the state nor the JSON parser may keep them: the heap stays where it was.
 */
class AttributeFloodIT extends SharedHub {
    private static final Logger LOG = LoggerFactory.getLogger(AttributeFloodIT.class);
    private static final int PAYLOAD_DEPTH = 40; // over WireJson.MAX_NESTING
    /** A tenth of what 400 such names would take if kept (~40-50 MiB), far above the noise of a few collections. */
    private static final long HEAP_GROWTH_LIMIT = 12L * 1024 * 1024;
    private static final int MESSAGES = 400;
    private static final int PUBACK_PAYLOAD_FORMAT_INVALID = 0x99;

    @Test
    void uniqueLongNamesInValidReportsAreRefusedAndNotKept() throws Exception {
        double refusedBefore = hub.rejected("attribute_name_too_long");
        try (MqttSocket bed = MqttSocket.connect(hub.hub.mqttPort(), "bed-names", BED, BED_PASSWORD)) {
            long heapBefore = usedHeapAfterGc();
            int refused = 0;
            for (int i = 0; i < MESSAGES; i++) {
                byte[] report = ("{\"" + uniqueName(i, 48_000) + "\":1}").getBytes(StandardCharsets.UTF_8);
                refused += bed.publishAcked(Topics.state(BED), report) == PUBACK_PAYLOAD_FORMAT_INVALID ? 1 : 0;
            }
            long heapAfter = usedHeapAfterGc();
            LOG.info("long names in state reports: {} sent; heap after GC {} KiB before, {} KiB after",
                    MESSAGES, heapBefore >> 10, heapAfter >> 10);
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(HEAP_GROWTH_LIMIT);
            assertThat(refused).as("refused with payload format invalid").isEqualTo(MESSAGES);
            assertThat(hub.rejected("attribute_name_too_long") - refusedBefore).as("counted").isEqualTo(MESSAGES);
            assertThat(hub.get("/api/devices").body().length()).as("the device list").isLessThan(64 * 1024);
            bed.disconnect();
        }
    }

    @Test
    void uniqueNamesInRefusedPayloadsAreNotKeptByTheParser() throws Exception {
        double refusedBefore = hub.rejected("too_deep");
        String deep = "{\"a\":".repeat(PAYLOAD_DEPTH) + "1" + "}".repeat(PAYLOAD_DEPTH);
        try (MqttSocket bed = MqttSocket.connect(hub.hub.mqttPort(), "bed-deep", BED, BED_PASSWORD)) {
            long heapBefore = usedHeapAfterGc();
            int refused = 0;
            for (int i = 0; i < MESSAGES; i++) {
                byte[] payload = ("{\"" + uniqueName(i, 49_000) + "\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
                refused += bed.publishAcked(Topics.state(BED), payload) == PUBACK_PAYLOAD_FORMAT_INVALID ? 1 : 0;
            }
            long heapAfter = usedHeapAfterGc();
            LOG.info("long names in too-deep payloads: {} sent; heap after GC {} KiB before, {} KiB after",
                    MESSAGES, heapBefore >> 10, heapAfter >> 10);
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(HEAP_GROWTH_LIMIT);
            assertThat(refused).as("refused with payload format invalid").isEqualTo(MESSAGES);
            assertThat(hub.rejected("too_deep") - refusedBefore).as("counted").isEqualTo(MESSAGES);
            bed.disconnect();
        }
    }

    /** Unique from its first characters on, so no table can share it with another. */
    private static String uniqueName(int i, int length) {
        String prefix = "n" + i + "-";
        return prefix + "x".repeat(length - prefix.length());
    }

    /** The hub runs in this JVM: its live heap, as near as a few collections get to it. */
    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
