package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.ingest.service.RecordCheck.Accepted;
import dev.mlcycle.ingest.service.RecordCheck.Rejected;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.TableKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCheckTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Lake lake;
    private DatasetSpec spec;
    private RecordCheck events;
    private RecordCheck labels;

    @BeforeEach
    void open() {
        spec = new DatasetCatalog(dir).load("credit");
        lake = Lake.open(dir.resolve("lake"));
        events = RecordCheck.forEvents(spec, lake.table(spec, TableKind.EVENTS), CLOCK);
        labels = RecordCheck.forLabels(spec, lake.table(spec, TableKind.LABELS), CLOCK);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Example 7: region east, months_employed null. */
    private byte[] event(String id, String key) {
        return new FeatureEventCodec(spec)
                .encode(CreditExamples.event(7, id, key, Instant.parse("2026-02-03T04:05:06Z")));
    }

    @Test
    void aValidEventBecomesARowOfTheEventsTable() {
        RecordCheck.Outcome o = events.check(utf8("c-7"), event("e-1", "c-7"));

        assertThat(o).isInstanceOf(Accepted.class);
        Accepted a = (Accepted) o;
        assertThat(a.id()).isEqualTo("e-1");
        assertThat(a.row().getField("event_id")).isEqualTo("e-1");
        assertThat(a.row().getField("customer_id")).isEqualTo("c-7");
        assertThat(a.row().getField("region")).isEqualTo("east");
        assertThat(a.row().getField("age")).isEqualTo(30L);
        assertThat(a.row().getField("months_employed")).isNull();
    }

    @Test
    void aKafkaKeyThatIsNotTheEventsKeyIsRejectedNamingTheKeyField() {
        RecordCheck.Outcome o = events.check(utf8("c-8"), event("e-1", "c-7"));

        assertThat(o).isInstanceOf(Rejected.class);
        Rejected r = (Rejected) o;
        assertThat(r.rejection().reason()).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(r.rejection().field()).isEqualTo("customer_id");
        assertThat(r.rejection().detail()).contains("\"c-8\"").contains("\"c-7\"");
    }

    @Test
    void aRecordWithoutKafkaKeyIsJudgedByItsValueAlone() {
        assertThat(events.check(null, event("e-1", "c-7"))).isInstanceOf(Accepted.class);
    }

    @Test
    void aTombstoneIsRejectedAsEmpty() {
        RecordCheck.Outcome o = events.check(utf8("c-7"), null);
        assertThat(((Rejected) o).rejection().reason()).isEqualTo(RejectReason.EMPTY);
    }

    @Test
    void specViolationsKeepTheCodecsReasonAndField() {
        byte[] bad = utf8(new String(event("e-1", "c-7"), StandardCharsets.UTF_8).replace("\"east\"", "\"mars\""));
        Rejected r = (Rejected) events.check(utf8("c-7"), bad);
        assertThat(r.rejection().reason()).isEqualTo(RejectReason.UNKNOWN_CATEGORY);
        assertThat(r.rejection().field()).isEqualTo("region");
    }

    @Test
    void labelsAreKeyedByEventIdAndMayRepeat() {
        byte[] label =
                new LabelEventCodec(spec).encode(new LabelEvent("e-1", "yes", Instant.parse("2026-02-04T00:00:00Z")));

        assertThat(labels.check(utf8("e-1"), label)).isInstanceOf(Accepted.class);
        assertThat(((Rejected) labels.check(utf8("e-2"), label)).rejection().reason())
                .isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(labels.rejectsDuplicates()).isFalse();
        assertThat(events.rejectsDuplicates()).isTrue();
        Rejected dup = RecordCheck.duplicate("event_id", "e-1");
        assertThat(dup.rejection().reason()).isEqualTo(RejectReason.DUPLICATE_ID);
        assertThat(dup.rejection().field()).isEqualTo("event_id");
    }
}
