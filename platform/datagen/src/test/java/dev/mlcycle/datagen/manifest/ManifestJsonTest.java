package dev.mlcycle.datagen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratorOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestJsonTest {
    static Manifest manifest() {
        DataGenerator gen = DataGenerator.create(GeneratorOptions.builder()
                .events(5_000)
                .seed(3)
                .faults("malformed=0.012,nulls=0.002,outliers=0.002")
                .scenario(
                        "covariate:at=50%,features=income|region:west,size=0.5;concept:at=0.8,strength=0.5,window=100")
                .build());
        return gen.drain(r -> {});
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        Manifest m = manifest();
        Path file = dir.resolve("manifest.json");
        ManifestJson.write(m, file);
        assertThat(Files.readString(file)).isEqualTo(ManifestJson.toJson(m));
        Manifest back = ManifestJson.read(file);
        assertThat(back.sha256()).isEqualTo(m.sha256());
        assertThat(back.counts()).isEqualTo(m.counts());
        assertThat(back.faults()).isEqualTo(m.faults());
        assertThat(back.changePoints()).hasSize(2);
        assertThat(back.changePoints().get(0).eventTime())
                .isEqualTo(m.changePoints().get(0).eventTime());
        assertThat(ManifestJson.toJson(back)).isEqualTo(ManifestJson.toJson(m));
    }

    @Test
    void putsEveryFaultAndChangePointOnOneLineAndIsDeterministic() throws Exception {
        Manifest m = manifest();
        String json = ManifestJson.toJson(m);
        assertThat(json).isEqualTo(ManifestJson.toJson(manifest()));
        List<String> lines = json.lines().toList();
        long faultLines =
                lines.stream().filter(l -> l.startsWith("    {\"kind\":")).count();
        assertThat(faultLines).isEqualTo(m.faults().size()).isEqualTo(60 + 10 + 10);
        long changeLines =
                lines.stream().filter(l -> l.startsWith("    {\"scenario\":")).count();
        assertThat(changeLines).isEqualTo(2);
        assertThat(lines.get(0)).isEqualTo("{");
        assertThat(lines).contains("  \"format\": 1,", "  \"dataset\": \"credit\",", "  \"seed\": 3,");
        assertThat(json).contains("\"sha256\": \"" + m.sha256() + "\"");
        assertThat(json).contains("\"malformed\": {\"broken_json\":10,\"wrong_type\":10,");
        assertThat(lines.size()).isLessThan(m.faults().size() + 80);
    }

    @Test
    void streamsToAnOutputStreamThatItLeavesOpen() throws Exception {
        Manifest m = manifest();
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ManifestJson.write(m, bytes);
        assertThat(closed[0]).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(ManifestJson.toJson(m));
    }

    @Test
    void recordsEveryOptionResolved() {
        Manifest m = manifest();
        assertThat(m.options().keySet())
                .containsExactly(
                        "dataset",
                        "seed",
                        "events",
                        "start",
                        "interval",
                        "jitter",
                        "customers",
                        "labels",
                        "label_delay",
                        "label_delay_jitter",
                        "label_loss",
                        "scenarios",
                        "fault_rates",
                        "malformed_rate");
        assertThat(m.options()).containsEntry("labels", "delayed").containsEntry("label_delay_jitter", "PT6H");
        assertThat(m.model().baseRate()).isBetween(0.1, 0.2);
        assertThat(m.model().featureSd()).containsKey("income").doesNotContainKey("region");
    }
}
