package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.lake.io.LocalFileIO;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {
    @TempDir
    Path dir;

    @Test
    void writesExclusivelyTracksThePositionAndReadsWithSeeks() throws IOException {
        LocalFileIO io = new LocalFileIO();
        String location = "file:" + dir.resolve("a/b/c.bin");
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        try (PositionOutputStream out = io.newOutputFile(location).create()) {
            out.write(7);
            out.write(big, 0, 100);
            assertThat(out.getPos()).isEqualTo(101);
            out.write(big);
            assertThat(out.getPos()).isEqualTo(200_101);
        }
        assertThat(io.newInputFile(location).getLength()).isEqualTo(200_101);
        assertThatThrownBy(() -> io.newOutputFile(location).create()).isInstanceOf(AlreadyExistsException.class);

        try (SeekableInputStream in = io.newInputFile(location).newStream()) {
            assertThat(in.read()).isEqualTo(7);
            in.seek(101 + 150_000);
            byte[] got = new byte[10];
            assertThat(in.read(got)).isEqualTo(10);
            assertThat(got).containsExactly(java.util.Arrays.copyOfRange(big, 150_000, 150_010));
            assertThat(in.getPos()).isEqualTo(101 + 150_010);
        }

        try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
            out.write(new byte[] {1, 2});
        }
        try (InputStream in =
                io.newInputFile(dir.resolve("a/b/c.bin").toString()).newStream()) {
            assertThat(in.readAllBytes()).containsExactly(1, 2);
        }
    }

    @Test
    void listsDeletesAndReportsMissingFiles() throws IOException {
        LocalFileIO io = new LocalFileIO();
        Files.createDirectories(dir.resolve("p/q"));
        Files.writeString(dir.resolve("p/one"), "1");
        Files.writeString(dir.resolve("p/q/two"), "22");
        List<FileInfo> listed = new ArrayList<>();
        io.listPrefix(dir.resolve("p").toString()).forEach(listed::add);
        assertThat(listed).extracting(FileInfo::size).containsExactlyInAnyOrder(1L, 2L);

        io.deleteFile(dir.resolve("p/one").toString());
        io.deleteFile(dir.resolve("p/one").toString()); // already gone: fine
        assertThat(dir.resolve("p/one")).doesNotExist();
        assertThatThrownBy(
                        () -> io.newInputFile(dir.resolve("p/one").toString()).newStream())
                .isInstanceOf(NotFoundException.class);

        io.deletePrefix(dir.resolve("p").toString());
        assertThat(dir.resolve("p")).doesNotExist();
        assertThat(io.listPrefix(dir.resolve("p").toString())).isEmpty();
    }
}
