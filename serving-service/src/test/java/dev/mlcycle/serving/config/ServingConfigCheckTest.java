package dev.mlcycle.serving.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingConfigCheckTest {

    @Test
    void createsAMissingDataDir(@TempDir Path tmp) {
        Path dir = tmp.resolve("a").resolve("b");

        assertThat(ServingConfigCheck.requireUsableDataDir(dir)).isEqualTo(dir).isDirectory();
    }

    @Test
    void refusesADataDirThatIsAFile(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> ServingConfigCheck.requireUsableDataDir(file))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("serving.data-dir")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected a directory, found a file");
    }

    @Test
    void refusesADataDirThatCannotBeCreated(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> ServingConfigCheck.requireUsableDataDir(file.resolve("below")))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("cannot create the directory");
    }
}
