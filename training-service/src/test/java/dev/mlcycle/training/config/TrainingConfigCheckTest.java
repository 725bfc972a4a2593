package dev.mlcycle.training.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigCheckTest {

    @Test
    void refusesADataDirThatIsAFile(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> TrainingConfigCheck.requireUsableDataDir(file))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("training.data-dir")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected a directory, found a file");
    }
}
