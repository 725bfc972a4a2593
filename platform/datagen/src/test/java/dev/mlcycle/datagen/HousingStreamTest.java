package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.datagen.Runs.Run;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.manifest.ManifestJson;
import dev.mlcycle.datagen.model.DatasetModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The housing dataset (a numeric label) through the generator: same guarantees as credit's stream. */
class HousingStreamTest {
    static final DatasetSpec SPEC = DatasetModels.forName("housing").spec();
    static final FeatureEventCodec EVENTS = new FeatureEventCodec(SPEC, Runs.CLOCK);
    static final LabelEventCodec LABELS = new LabelEventCodec(SPEC, Runs.CLOCK);

    static GeneratorOptions.Builder busy(long seed) {
        return GeneratorOptions.builder()
                .dataset("housing")
                .events(20_000)
                .seed(seed)
                .customers(500)
                .labelDelay(java.time.Duration.ofHours(2))
                .labelLoss(0.02)
                .faults("nulls=0.01,outliers=0.01,malformed=0.01")
                .scenario("covariate:at=30%,features=area_m2|neighborhood:outskirts,size=0.8")
                .scenario("concept:at=60%,strength=0.5,window=5%");
    }

    @Test
    void sameSeedAndOptionsGiveByteIdenticalStreamsAndManifests() {
        Run a = Runs.run(busy(7).build());
        Run b = Runs.run(busy(7).build());
        assertThat(b.records()).hasSameSizeAs(a.records());
        for (int i = 0; i < a.records().size(); i++) {
            assertThat(b.records().get(i).value())
                    .as("record %d", i)
                    .isEqualTo(a.records().get(i).value());
        }
        assertThat(ManifestJson.toJson(b.manifest())).isEqualTo(ManifestJson.toJson(a.manifest()));
        assertThat(Runs.run(busy(8).build()).manifest().sha256())
                .isNotEqualTo(a.manifest().sha256());
    }

    @Test
    void delayedLabelsArePricesThatDecodeAndMatchTheTruth() {
        Run run = Runs.run(busy(3).build());
        Map<String, GeneratedRecord> events = new HashMap<>();
        for (GeneratedRecord e : run.events()) {
            Decoded<FeatureEvent> d = EVENTS.decode(e.value());
            assertThat(d.isValid()).as("%s", d).isTrue();
            assertThat(d.orThrow("event")).isEqualTo(e.event());
            assertThat(e.event().label()).isNull();
            assertThat(e.truth().label()).isInstanceOf(Double.class);
            assertThat(e.truth().probability()).isNaN();
            events.put(e.eventId(), e);
        }
        List<GeneratedRecord> labels = run.of(RecordKind.LABEL);
        assertThat(labels).hasSize(20_000 - 400);
        for (GeneratedRecord r : labels) {
            LabelEvent l = LABELS.decode(r.value()).orThrow("label");
            assertThat(l).isEqualTo(r.label());
            assertThat(l.label())
                    .isInstanceOf(Double.class)
                    .isEqualTo(events.get(l.id()).truth().label());
        }
        assertThat(String.valueOf(labels.get(0).valueString())).contains("\"price\":");
    }

    @Test
    void inlineLabelsArePricesInTheEvent() {
        Run run = Runs.run(GeneratorOptions.builder()
                .dataset("housing")
                .events(2_000)
                .labels(Arrival.INLINE)
                .build());
        assertThat(run.of(RecordKind.LABEL)).isEmpty();
        double residual = 0;
        for (GeneratedRecord e : run.events()) {
            assertThat(EVENTS.decode(e.value()).orThrow("event")).isEqualTo(e.event());
            assertThat(e.event().label())
                    .isInstanceOf(Double.class)
                    .isEqualTo(e.truth().label());
            residual += (double) e.truth().label() - e.truth().mean();
        }
        assertThat(residual / 2_000).as("noise is centred").isCloseTo(0.0, within(5.0));
    }

    @Test
    void conceptDriftMovesPricesNotFeatures() {
        Run stationary = Runs.run(GeneratorOptions.builder()
                .dataset("housing")
                .events(4_000)
                .labels(Arrival.INLINE)
                .build());
        Run drifted = Runs.run(GeneratorOptions.builder()
                .dataset("housing")
                .events(4_000)
                .labels(Arrival.INLINE)
                .scenario("concept:at=50%")
                .build());
        int changed = 0;
        for (int i = 0; i < 4_000; i++) {
            GeneratedRecord a = stationary.events().get(i);
            GeneratedRecord b = drifted.events().get(i);
            assertThat(b.event().features()).isEqualTo(a.event().features());
            if (i < 2_000) {
                assertThat(b.truth().mean()).isEqualTo(a.truth().mean());
            } else if (b.truth().mean() != a.truth().mean()) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(1_900);
    }

    @Test
    void everyMalformedRecordIsRejectedWithTheExpectedReason() {
        Run run = Runs.run(busy(5).build());
        List<GeneratedRecord> malformed = run.of(RecordKind.MALFORMED);
        assertThat(malformed).hasSize(200);
        for (GeneratedRecord r : malformed) {
            Decoded<FeatureEvent> d = EVENTS.decode(r.value());
            assertThat(d).as("%s", r.valueString()).isInstanceOf(Decoded.Invalid.class);
            assertThat(((Decoded.Invalid<FeatureEvent>) d).rejection().reason())
                    .as("%s", r.valueString())
                    .isEqualTo(r.malformation().kind().expectedReason());
        }
    }

    @Test
    void theManifestDescribesTheNumericLabel() {
        Manifest m = Runs.run(busy(7).build()).manifest();
        assertThat(m.dataset()).isEqualTo("housing");
        assertThat(m.model().positiveLabel()).isNull();
        assertThat(m.model().baseRate()).isNull();
        assertThat(m.model().labelMean()).isBetween(300.0, 500.0);
        assertThat(m.model().labelSd()).isBetween(150.0, 250.0);
        assertThat(m.topics()).containsEntry("labels", "mlcycle.labels.housing");
        String json = ManifestJson.toJson(m);
        assertThat(json).contains("\"label_mean\"").doesNotContain("base_rate").doesNotContain("positive_label");
    }

    @Test
    void aPriorShiftIsRefusedForANumericLabel() {
        assertThatThrownBy(() -> DataGenerator.create(GeneratorOptions.builder()
                        .dataset("housing")
                        .events(100)
                        .scenario("prior:at=50%,rate=0.3")
                        .build()))
                .isInstanceOf(MlcycleException.class)
                .hasMessage("scenario 1 \"prior:at=50%,rate=0.3\": prior: dataset housing has a numeric label (price),"
                        + " so it has no class rate to shift; expected covariate or concept");
    }
}
