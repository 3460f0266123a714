package dev.hearth.simulator.link;

import dev.hearth.simulator.firmware.Firmware;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The native sessions one owner (a transport, hence a scenario run) has open, by login: a Zigbee device joins its
 * bridge's session when another device of the same run opened it, and nothing outside the run sees it. Closing ends
 * the sessions still open, in case a device was never closed.
 */
final class NativeSessions implements AutoCloseable {
    private final Map<String, NativeSession> open = new HashMap<>();

    /** The session of this login (opened and connected if it is the first member), with {@code link} in it. */
    NativeSession join(String serverUri, boolean relayed, NativeLink link) {
        Firmware firmware = link.firmware();
        String key = serverUri + " " + firmware.user() + " " + firmware.clientId();
        NativeSession session;
        boolean fresh;
        synchronized (open) {
            session = open.get(key);
            fresh = session == null;
            if (fresh) {
                session = NativeSession.open(this, key, serverUri, relayed, firmware, link.password());
                open.put(key, session);
            }
            session.add(link);
        }
        if (fresh) {
            session.connect(link);
        } else {
            session.hello(link);
        }
        return session;
    }

    /**
     * Takes {@code link} out of its session, atomically with {@link #join}: when it was the last member, the session is
     * no longer open here (a device joining now opens a new one), and true is returned: the caller ends it.
     */
    boolean leave(String key, NativeSession session, List<NativeLink> members, NativeLink link) {
        synchronized (open) {
            members.remove(link);
            if (members.isEmpty()) {
                open.remove(key, session);
                return true;
            }
            return false;
        }
    }

    @Override
    public void close() {
        List<NativeSession> left;
        synchronized (open) {
            left = new ArrayList<>(open.values());
            open.clear();
        }
        left.forEach(NativeSession::end);
    }
}
