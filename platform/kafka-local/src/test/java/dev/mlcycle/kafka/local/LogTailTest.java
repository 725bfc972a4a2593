package dev.mlcycle.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @Test
    void keepsTheLastLinesWrittenSinceTheOffset(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("kafka.log");
        Files.writeString(log, "old run\n");
        long offset = Files.size(log);
        Files.writeString(log, "a\nb\nc\nd\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(LogTail.read(log, offset, 2)).isEqualTo("c" + System.lineSeparator() + "d");
        assertThat(LogTail.read(log, offset, 10)).doesNotContain("old run").startsWith("a");
    }

    @Test
    void saysSoWhenThereIsNothing(@TempDir Path dir) throws Exception {
        assertThat(LogTail.read(dir.resolve("missing.log"), 0, 5)).isEqualTo("(no log file)");
        Path empty = Files.createFile(dir.resolve("empty.log"));
        assertThat(LogTail.read(empty, 0, 5)).isEqualTo("(the broker wrote nothing)");
    }
}
