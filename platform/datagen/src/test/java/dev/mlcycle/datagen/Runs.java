package dev.mlcycle.datagen;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.model.DatasetModels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Shared helpers: generate a run into memory, decode with a clock that never calls a record "future". */
final class Runs {
    static final DatasetSpec SPEC = DatasetModels.forName("credit").spec();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final FeatureEventCodec EVENTS = new FeatureEventCodec(SPEC, CLOCK);
    static final LabelEventCodec LABELS = new LabelEventCodec(SPEC, CLOCK);

    private Runs() {}

    /** A generated run held in memory. */
    record Run(List<GeneratedRecord> records, Manifest manifest) {
        List<GeneratedRecord> of(RecordKind kind) {
            return records.stream().filter(r -> r.kind() == kind).toList();
        }

        List<GeneratedRecord> events() {
            return of(RecordKind.EVENT);
        }

        List<GeneratedRecord> where(Predicate<GeneratedRecord> p) {
            return records.stream().filter(p).toList();
        }
    }

    static Run run(GeneratorOptions options) {
        DataGenerator gen = DataGenerator.create(options);
        List<GeneratedRecord> out = new ArrayList<>();
        Manifest m = gen.drain(out::add);
        return new Run(out, m);
    }

    static GeneratorOptions.Builder options() {
        return GeneratorOptions.builder();
    }
}
