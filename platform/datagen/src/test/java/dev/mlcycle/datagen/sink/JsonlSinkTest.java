package dev.mlcycle.datagen.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.StreamDigest;
import dev.mlcycle.datagen.manifest.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSinkTest {
    @Test
    void writesOneLinePerRecordThatReadsBackByteForByte(@TempDir Path dir) {
        GeneratorOptions options =
                GeneratorOptions.builder().events(3_000).malformed(0.05).build();
        List<GeneratedRecord> records = new ArrayList<>();
        DataGenerator.create(options).drain(records::add);

        Path file = dir.resolve("out.jsonl");
        Manifest manifest;
        try (JsonlSink sink = new JsonlSink(file)) {
            manifest = DataGenerator.create(options).runInto(sink);
            assertThat(sink.lines()).isEqualTo(records.size());
        }
        List<JsonlSink.Line> lines = JsonlSink.readAll(file);
        assertThat(lines).hasSameSizeAs(records);
        StreamDigest digest = new StreamDigest();
        for (int i = 0; i < lines.size(); i++) {
            JsonlSink.Line l = lines.get(i);
            assertThat(l.topic()).isEqualTo(records.get(i).topic());
            assertThat(l.key()).isEqualTo(records.get(i).key());
            assertThat(l.value()).isEqualTo(records.get(i).value());
            digest.update(l.topic(), l.key(), l.value());
        }
        assertThat(digest.hex()).isEqualTo(manifest.sha256());
    }
}
