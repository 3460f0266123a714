package dev.hearth.hub.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path folder;

    @Override
    protected Database openEmpty() {
        return Database.open("jdbc:sqlite:" + folder.resolve("data/hearth.db"), null, null, 4);
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path junk = Files.writeString(folder.resolve("junk.db"), "this is not a database, it is a text file ".repeat(100));
        assertThatThrownBy(() -> Database.open("jdbc:sqlite:" + junk, null, null, 1))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(junk.toString());
    }
}
