package dev.hearth.device.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestBroker} for a test class:
 * {@code @RegisterExtension static final BrokerExtension BROKER = new BrokerExtension();}.
 * Tests share its retained messages, so give each test its own device ids.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> passwords;
    private TestBroker broker;

    public BrokerExtension() {
        this(Map.of());
    }

    /** Clients named here must give that password; others are let in. */
    public BrokerExtension(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = TestBroker.start(passwords);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    public String uri() {
        return broker.uri();
    }

    public TestBroker broker() {
        return broker;
    }
}
