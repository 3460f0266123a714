package dev.hearth.device;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Told the state the hub wants (retained on {@code devices/{id}/desired}, so also on every
 * connect). The device converges as far as it can and says where it got with
 * {@link HearthDevice#reportState}. Runs on the command thread; what it throws is logged.
 */
@FunctionalInterface
public interface DesiredStateHandler {
    void onDesiredState(ObjectNode desired) throws Exception;
}
