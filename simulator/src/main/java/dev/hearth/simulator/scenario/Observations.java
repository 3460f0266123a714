package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.simulator.device.ReceivedCommand;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a run has seen so far, for checking expectations; the same questions live and on virtual time. */
interface Observations {
    List<ReceivedCommand> commands(String device);

    /** The attribute's values over time, oldest first; a missing attribute is a {@code MissingNode}. */
    List<TimedValue> state(String device, String attribute);

    /** The API's answers over time at {@code pointer} of {@code path}; empty when the API cannot be asked (then the check is skipped). */
    Optional<List<TimedValue>> api(String path, String pointer);

    /** Why {@link #api} is empty for {@code path}, for the skipped expectation's sentence. */
    String whyNoApi(String path);

    /** A value in force from {@code at} on; {@code note} says why there is none (an HTTP error, say). */
    record TimedValue(Instant at, JsonNode value, Optional<String> note) {
        public TimedValue {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(note, "note");
        }

        public TimedValue(Instant at, JsonNode value) {
            this(at, value, Optional.empty());
        }
    }
}
