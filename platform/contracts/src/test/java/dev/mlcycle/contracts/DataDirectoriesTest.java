package dev.mlcycle.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoriesTest {
    @Test
    void createsAMissingDataDir(@TempDir Path tmp) {
        Path dir = tmp.resolve("a").resolve("b");
        assertThat(DataDirectories.requireUsable("x.data-dir", dir))
                .isEqualTo(dir)
                .isDirectory();
    }

    @Test
    void refusesADataDirThatIsAFileNamingTheSettingAndThePath(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> DataDirectories.requireUsable("x.data-dir (env X_DATA_DIR)", file))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("x.data-dir (env X_DATA_DIR) = " + file + ": expected a directory, found a file");
    }

    @Test
    void refusesADataDirThatCannotBeCreated(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> DataDirectories.requireUsable("x.data-dir", file.resolve("below")))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("cannot create the directory");
    }
}
