package dev.hearth.hub;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One hub for all the tests of a class: starting and stopping one takes seconds. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedHub {
    protected HubFixture hub;

    /** Extra settings for the mqtt section of the hub's config. */
    protected String mqttSettings() {
        return "";
    }

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.start(folder, mqttSettings());
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }
}
