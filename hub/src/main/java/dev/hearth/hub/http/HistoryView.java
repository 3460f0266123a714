package dev.hearth.hub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** An attribute's history: raw points, or buckets when a bucket width was asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryView(String device, String attribute, String from, String to, String bucket,
                          List<Point> points, List<Bucket> buckets) {
    public record Point(String at, JsonNode value) {
    }

    public record Bucket(String start, double avg, double min, double max, long count) {
    }
}
