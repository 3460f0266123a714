package dev.hearth.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The restart test through real MQTT and HTTP, with the hub on PostgreSQL instead of SQLite. */
class PostgresRestartIT extends RestartIT {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    protected HubFixture startHub(Path hubFolder) throws IOException {
        return HubFixture.start(hubFolder, "", "storage: { url: \"" + postgres.getJdbcUrl("postgres", "postgres")
                + "\", user: postgres, password: postgres }");
    }
}
