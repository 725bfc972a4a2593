package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.datagen.Runs.Run;
import dev.mlcycle.datagen.fault.FaultKind;
import dev.mlcycle.datagen.manifest.ManifestJson;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    static GeneratorOptions.Builder busy(long seed) {
        return Runs.options()
                .events(20_000)
                .seed(seed)
                .customers(500)
                .labelDelay(java.time.Duration.ofHours(2))
                .labelLoss(0.02)
                .faults("nulls=0.01,outliers=0.01,malformed=0.01")
                .scenario("covariate:at=30%,features=income|region:west,size=0.8;concept:at=60%,strength=0.5,window=5%")
                .scenario("prior:at=80%,rate=0.3");
    }

    @Test
    void sameSeedAndOptionsGiveByteIdenticalStreamsAndManifests() {
        Run a = Runs.run(busy(7).build());
        Run b = Runs.run(busy(7).build());
        assertThat(a.records()).hasSameSizeAs(b.records());
        for (int i = 0; i < a.records().size(); i++) {
            GeneratedRecord x = a.records().get(i);
            GeneratedRecord y = b.records().get(i);
            assertThat(y.topic()).isEqualTo(x.topic());
            assertThat(y.key()).as("key of record %d", i).isEqualTo(x.key());
            assertThat(y.value()).as("value of record %d", i).isEqualTo(x.value());
        }
        assertThat(b.manifest().sha256()).isEqualTo(a.manifest().sha256());
        assertThat(ManifestJson.toJson(b.manifest())).isEqualTo(ManifestJson.toJson(a.manifest()));
    }

    @Test
    void differentSeedGivesADifferentStream() {
        Run a = Runs.run(busy(7).build());
        Run b = Runs.run(busy(8).build());
        assertThat(b.manifest().sha256()).isNotEqualTo(a.manifest().sha256());
        long sameValues = 0;
        List<GeneratedRecord> ea = a.events();
        List<GeneratedRecord> eb = b.events();
        for (int i = 0; i < ea.size(); i++) {
            if (ea.get(i).event().features().equals(eb.get(i).event().features())) {
                sameValues++;
            }
        }
        assertThat(sameValues).isZero();
    }

    @Test
    void changingTheMalformedRateLeavesValidEventsAndLabelsUnchanged() {
        Run none = Runs.run(busy(7).malformed(0.0).build());
        Run some = Runs.run(
                busy(7).malformed(0.05).fault(FaultKind.BROKEN_JSON, 0.01).build());
        assertThat(some.of(RecordKind.MALFORMED)).hasSize(1_200);
        assertThat(none.of(RecordKind.MALFORMED)).isEmpty();
        List<GeneratedRecord> a = none.where(r -> r.kind() != RecordKind.MALFORMED);
        List<GeneratedRecord> b = some.where(r -> r.kind() != RecordKind.MALFORMED);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).topic()).isEqualTo(a.get(i).topic());
            assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
            assertThat(b.get(i).value()).as("record %d", i).isEqualTo(a.get(i).value());
        }
    }

    @Test
    void changingTheNullRateChangesOnlyTheNulledEvents() {
        Run few = Runs.run(busy(7).fault(FaultKind.NULLS, 0.0).build());
        Run many = Runs.run(busy(7).fault(FaultKind.NULLS, 0.2).build());
        List<GeneratedRecord> a = few.events();
        List<GeneratedRecord> b = many.events();
        int differing = 0;
        for (int i = 0; i < a.size(); i++) {
            boolean nulled = b.get(i).faults().stream().anyMatch(f -> f.kind() == FaultKind.NULLS);
            if (!nulled) {
                assertThat(b.get(i).value())
                        .as("event %d", i)
                        .isEqualTo(a.get(i).value());
            } else {
                differing++;
            }
        }
        assertThat(differing).isEqualTo(4_000);
    }

    @Test
    void eventIdsAreUniqueFollowTheDocumentedFormatAndNeverCollideWithMalformedIds() {
        Run run = Runs.run(busy(-3).build());
        Set<String> ids = new HashSet<>();
        for (GeneratedRecord r : run.events()) {
            assertThat(r.eventId()).isEqualTo("credit--3-" + r.index());
            assertThat(ids.add(r.eventId())).as("duplicate %s", r.eventId()).isTrue();
        }
        for (GeneratedRecord r : run.of(RecordKind.MALFORMED)) {
            if (r.eventId() != null) {
                assertThat(r.eventId()).startsWith("credit--3-bad-");
                assertThat(ids.add(r.eventId())).isTrue();
            }
        }
        assertThat(ids).hasSizeGreaterThan(20_000);
    }

    @Test
    void keysComeFromTheCustomerPoolAndRepeat() {
        Run run = Runs.run(busy(7).build());
        Set<String> keys = new HashSet<>();
        for (GeneratedRecord r : run.events()) {
            assertThat(r.keyString()).matches("c-\\d{6}");
            assertThat(Integer.parseInt(r.keyString().substring(2))).isBetween(0, 499);
            assertThat(r.keyString()).isEqualTo(r.event().key());
            keys.add(r.keyString());
        }
        assertThat(keys).hasSize(500);
    }

    @Test
    void eventTimesAdvanceByTheIntervalAndAreOutOfOrderByAtMostTheJitter() {
        Run run = Runs.run(busy(7).build());
        java.time.Instant newest = java.time.Instant.EPOCH;
        long outOfOrder = 0;
        for (GeneratedRecord r : run.events()) {
            java.time.Instant nominal = GeneratorOptions.DEFAULT_START.plusSeconds(r.index());
            assertThat(r.time()).isBetween(nominal, nominal.plus(GeneratorOptions.DEFAULT_JITTER));
            assertThat(r.time()).isAfterOrEqualTo(newest.minus(GeneratorOptions.DEFAULT_JITTER));
            if (r.time().isBefore(newest)) {
                outOfOrder++;
            }
            newest = r.time().isAfter(newest) ? r.time() : newest;
        }
        assertThat(outOfOrder).as("some out-of-orderness exists").isGreaterThan(1_000);
    }

    @Test
    void anEmptyRunHasNoRecordsAndAManifestWithZeroCounts() {
        Run run = Runs.run(Runs.options()
                .events(0)
                .malformed(0.5)
                .scenario("concept:at=0.5")
                .build());
        assertThat(run.records()).isEmpty();
        assertThat(run.manifest().counts().recordsTotal()).isZero();
        assertThat(run.manifest().changePoints()).singleElement().satisfies(c -> {
            assertThat(c.index()).isZero();
            assertThat(c.eventTime()).isNull();
        });
        // SHA-256 of nothing
        assertThat(run.manifest().sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aSingleEventRunWorks() {
        Run run = Runs.run(Runs.options().events(1).labels(Arrival.DELAYED).build());
        assertThat(run.records()).extracting(GeneratedRecord::kind).containsExactly(RecordKind.EVENT, RecordKind.LABEL);
        assertThat(run.records()).extracting(GeneratedRecord::seq).containsExactly(0L, 1L);
    }

    @Test
    void theManifestIsOnlyAvailableAfterTheLastRecord() {
        DataGenerator gen = DataGenerator.create(Runs.options().events(10).build());
        gen.next();
        assertThatThrownBy(gen::manifest).isInstanceOf(IllegalStateException.class);
    }
}
