package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.datagen.Runs.Run;
import dev.mlcycle.datagen.fault.FaultKind;
import dev.mlcycle.datagen.manifest.Manifest;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One run of 100,000 events with 1 % malformed records, nulls and outliers, checked record by record. */
class CountsAndValidityTest {
    static final long N = 100_000;
    static Run run;

    @BeforeAll
    static void generate() {
        run = Runs.run(Runs.options()
                .events(N)
                .seed(2026)
                .faults("malformed=0.01,nulls=0.004,outliers=0.003")
                .labelLoss(0.01)
                .build());
    }

    @Test
    void countsAreExact() {
        assertThat(run.events()).hasSize((int) N);
        Map<FaultKind, Long> malformed = new EnumMap<>(FaultKind.class);
        for (GeneratedRecord r : run.of(RecordKind.MALFORMED)) {
            malformed.merge(r.malformation().kind(), 1L, Long::sum);
        }
        // 1,000 malformed records split evenly: 1000 / 6 = 166 rest 4, the rest to the first kinds.
        assertThat(malformed)
                .containsExactly(
                        Map.entry(FaultKind.BROKEN_JSON, 167L),
                        Map.entry(FaultKind.WRONG_TYPE, 167L),
                        Map.entry(FaultKind.MISSING_FIELD, 167L),
                        Map.entry(FaultKind.UNKNOWN_CATEGORY, 167L),
                        Map.entry(FaultKind.OUT_OF_RANGE, 166L),
                        Map.entry(FaultKind.BAD_TIMESTAMP, 166L));
        assertThat(run.events().stream().filter(r -> has(r, FaultKind.NULLS)).count())
                .isEqualTo(400);
        assertThat(run.events().stream().filter(r -> has(r, FaultKind.OUTLIERS)).count())
                .isEqualTo(300);
        assertThat(run.of(RecordKind.LABEL)).hasSize((int) (N - 1_000));

        Manifest.Counts c = run.manifest().counts();
        assertThat(c.validEvents()).isEqualTo(N);
        assertThat(c.malformedTotal()).isEqualTo(1_000);
        assertThat(c.nulls()).isEqualTo(400);
        assertThat(c.outliers()).isEqualTo(300);
        assertThat(c.labels()).isEqualTo(N - 1_000);
        assertThat(c.labelsLost()).isEqualTo(1_000);
        assertThat(c.records())
                .containsExactly(
                        Map.entry("mlcycle.events.credit", N + 1_000), Map.entry("mlcycle.labels.credit", N - 1_000));
        assertThat(c.recordsTotal()).isEqualTo(run.records().size());
        assertThat(run.manifest().faults()).hasSize(1_000 + 400 + 300);
    }

    static boolean has(GeneratedRecord r, FaultKind kind) {
        return r.faults().stream().anyMatch(f -> f.kind() == kind);
    }

    @Test
    void everyValidEventDecodesValidAndEqualsTheGeneratedEvent() {
        for (GeneratedRecord r : run.events()) {
            Decoded<FeatureEvent> d = Runs.EVENTS.decode(r.value());
            assertThat(d.isValid()).as("%s", d).isTrue();
            assertThat(d.orThrow("event")).isEqualTo(r.event());
            assertThat(r.event().key()).isEqualTo(r.keyString());
        }
    }

    @Test
    void theFastWriterWritesExactlyWhatTheCodecsWrite() {
        for (GeneratedRecord r : run.events()) {
            assertThat(r.value()).isEqualTo(Runs.EVENTS.encode(r.event()));
        }
        for (GeneratedRecord r : run.of(RecordKind.LABEL)) {
            assertThat(r.value()).isEqualTo(Runs.LABELS.encode(r.label()));
        }
    }

    @Test
    void everyLabelDecodesValidAndNamesAnEventOfTheRun() {
        Map<String, GeneratedRecord> events = new HashMap<>();
        run.events().forEach(r -> events.put(r.eventId(), r));
        for (GeneratedRecord r : run.of(RecordKind.LABEL)) {
            LabelEvent l = Runs.LABELS.decode(r.value()).orThrow("label");
            assertThat(l).isEqualTo(r.label());
            assertThat(r.keyString()).isEqualTo(l.id());
            GeneratedRecord e = events.get(l.id());
            assertThat(e).isNotNull();
            assertThat(l.label()).isEqualTo(e.truth().label());
        }
    }

    @Test
    void everyMalformedRecordIsRejectedWithTheExpectedReason() {
        Map<RejectReason, Integer> seen = new EnumMap<>(RejectReason.class);
        for (GeneratedRecord r : run.of(RecordKind.MALFORMED)) {
            Decoded<FeatureEvent> d = Runs.EVENTS.decode(r.value());
            assertThat(d).as("%s", r.valueString()).isInstanceOf(Decoded.Invalid.class);
            RejectReason reason =
                    ((Decoded.Invalid<FeatureEvent>) d).rejection().reason();
            assertThat(reason)
                    .as("%s", r.valueString())
                    .isEqualTo(r.malformation().kind().expectedReason());
            String field = ((Decoded.Invalid<FeatureEvent>) d).rejection().field();
            if (r.malformation().field() != null) {
                assertThat(field).isEqualTo(r.malformation().field());
            }
            seen.merge(reason, 1, Integer::sum);
        }
        assertThat(seen).hasSize(6);
    }

    @Test
    void nullsAndOutliersStayValidAndDoWhatTheySay() {
        for (GeneratedRecord r : run.events()) {
            for (InjectedFault f : r.faults()) {
                FeatureSpec spec = Runs.SPEC.feature(f.field()).orElseThrow();
                Object v = r.event().features().get(f.field());
                if (f.kind() == FaultKind.NULLS) {
                    assertThat(spec.nullable()).isTrue();
                    assertThat(v).isNull();
                } else {
                    assertThat(spec.isNumeric()).isTrue();
                    double x = ((Number) v).doubleValue();
                    assertThat(String.valueOf(v)).isEqualTo(f.value());
                    var traits = traits(f.field());
                    assertThat(x).isGreaterThanOrEqualTo(traits.outlierLow());
                    assertThat(traits.outlierLow()).isGreaterThan(traits.mean() + 3 * traits.sd());
                    if (spec.max() != null) {
                        assertThat(x).isLessThanOrEqualTo(spec.max());
                    }
                }
            }
        }
    }

    static dev.mlcycle.datagen.model.FeatureTraits traits(String feature) {
        return dev.mlcycle.datagen.model.DatasetModels.forName("credit").traits().stream()
                .filter(x -> x.name().equals(feature))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theManifestListsEveryFaultWithItsPositionKeyAndExactBytes() {
        Map<Long, GeneratedRecord> bySeq = new HashMap<>();
        run.records().forEach(r -> bySeq.put(r.seq(), r));
        List<Manifest.Fault> faults = run.manifest().faults();
        long previous = -1;
        for (Manifest.Fault f : faults) {
            assertThat(f.seq()).isGreaterThanOrEqualTo(previous);
            previous = f.seq();
            GeneratedRecord r = bySeq.get(f.seq());
            assertThat(f.topic()).isEqualTo(r.topic());
            assertThat(f.key()).isEqualTo(r.keyString());
            assertThat(f.eventId()).isEqualTo(r.eventId());
            FaultKind kind = FaultKind.parse(f.kind());
            if (kind.malformed()) {
                assertThat(f.value()).isEqualTo(r.valueString());
                assertThat(f.reason()).isEqualTo(kind.expectedReason().name());
                assertThat(r.kind()).isEqualTo(RecordKind.MALFORMED);
            } else {
                assertThat(r.kind()).isEqualTo(RecordKind.EVENT);
                assertThat(r.faults())
                        .anyMatch(x -> x.kind() == kind && x.field().equals(f.field()));
            }
        }
    }

    @Test
    void seqNumbersCountEveryRecordInOrder() {
        for (int i = 0; i < run.records().size(); i++) {
            assertThat(run.records().get(i).seq()).isEqualTo(i);
        }
    }
}
