package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.datagen.model.CreditExamples;
import dev.mlcycle.ingest.service.RecordCheck.Rejected;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.RowBatch;
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
    private LakeTable eventsTable;
    private LakeTable labelsTable;
    private RecordCheck events;
    private RecordCheck labels;

    @BeforeEach
    void open() {
        spec = new DatasetCatalog(dir).load("credit");
        lake = Lake.open(dir.resolve("lake"));
        eventsTable = lake.table(spec, TableKind.EVENTS);
        labelsTable = lake.table(spec, TableKind.LABELS);
        events = RecordCheck.forEvents(spec, eventsTable, CLOCK);
        labels = RecordCheck.forLabels(spec, labelsTable, CLOCK);
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

    private Batch eventBatch() {
        return new Batch(eventsTable.newBatch(), true);
    }

    private Batch labelBatch() {
        return new Batch(labelsTable.newBatch(), false);
    }

    @Test
    void aValidEventBecomesARowOfTheEventsTable() {
        Batch batch = eventBatch();
        RecordCheck.Outcome o = events.check(utf8("c-7"), event("e-1", "c-7"), batch);

        assertThat(o).isSameAs(RecordCheck.ACCEPTED);
        RowBatch rows = batch.rows();
        assertThat(rows.size()).isEqualTo(1);
        var row = rows.toRecord(0);
        assertThat(row.getField("event_id")).isEqualTo("e-1");
        assertThat(row.getField("customer_id")).isEqualTo("c-7");
        assertThat(row.getField("region")).isEqualTo("east");
        assertThat(row.getField("age")).isEqualTo(30L);
        assertThat(row.getField("months_employed")).isNull();
        assertThat(events.fastAccepted()).as("a plain event needs no codec").isEqualTo(1);
    }

    @Test
    void anEventTheFastPathDeclinesIsAcceptedByTheCodecAsTheSameRow() {
        Batch fast = eventBatch();
        Batch slow = eventBatch();
        byte[] plain = event("e-1", "c-7");
        // the same event with an escaped character: only the codec reads escapes
        byte[] escaped = utf8(new String(plain, StandardCharsets.UTF_8).replace("\"east\"", "\"\\u0065ast\""));

        assertThat(events.check(utf8("c-7"), plain, fast)).isSameAs(RecordCheck.ACCEPTED);
        assertThat(events.check(utf8("c-7"), escaped, slow)).isSameAs(RecordCheck.ACCEPTED);

        assertThat(events.codecJudged()).isEqualTo(1);
        assertThat(slow.rows().toRecord(0)).isEqualTo(fast.rows().toRecord(0));
    }

    @Test
    void aSecondEventWithTheSameIdIsADuplicateOnEitherPath() {
        Batch batch = eventBatch();
        byte[] plain = event("e-1", "c-7");
        byte[] escaped = utf8(new String(plain, StandardCharsets.UTF_8).replace("\"east\"", "\"\\u0065ast\""));
        assertThat(events.check(utf8("c-7"), plain, batch)).isSameAs(RecordCheck.ACCEPTED);

        Rejected fastDup = (Rejected) events.check(utf8("c-7"), plain, batch);
        Rejected slowDup = (Rejected) events.check(utf8("c-7"), escaped, batch);

        assertThat(fastDup.rejection().reason()).isEqualTo(RejectReason.DUPLICATE_ID);
        assertThat(fastDup.rejection().detail()).contains("\"e-1\" a second time");
        assertThat(slowDup.rejection()).isEqualTo(fastDup.rejection());
        assertThat(batch.rows().size()).isEqualTo(1);
        // a new batch takes the id again
        assertThat(events.check(utf8("c-7"), plain, eventBatch())).isSameAs(RecordCheck.ACCEPTED);
    }

    @Test
    void aKafkaKeyThatIsNotTheEventsKeyIsRejectedNamingTheKeyField() {
        Batch batch = eventBatch();
        RecordCheck.Outcome o = events.check(utf8("c-8"), event("e-1", "c-7"), batch);

        assertThat(o).isInstanceOf(Rejected.class);
        Rejected r = (Rejected) o;
        assertThat(r.rejection().reason()).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(r.rejection().field()).isEqualTo("customer_id");
        assertThat(r.rejection().detail()).contains("\"c-8\"").contains("\"c-7\"");
        assertThat(batch.rows().isEmpty()).isTrue();
    }

    @Test
    void aRecordWithoutKafkaKeyIsJudgedByItsValueAlone() {
        assertThat(events.check(null, event("e-1", "c-7"), eventBatch())).isSameAs(RecordCheck.ACCEPTED);
    }

    @Test
    void aTombstoneIsRejectedAsEmpty() {
        RecordCheck.Outcome o = events.check(utf8("c-7"), null, eventBatch());
        assertThat(((Rejected) o).rejection().reason()).isEqualTo(RejectReason.EMPTY);
    }

    @Test
    void specViolationsKeepTheCodecsReasonAndField() {
        byte[] bad = utf8(new String(event("e-1", "c-7"), StandardCharsets.UTF_8).replace("\"east\"", "\"mars\""));
        Batch batch = eventBatch();
        Rejected r = (Rejected) events.check(utf8("c-7"), bad, batch);
        assertThat(r.rejection().reason()).isEqualTo(RejectReason.UNKNOWN_CATEGORY);
        assertThat(r.rejection().field()).isEqualTo("region");
        assertThat(batch.rows().isEmpty()).isTrue();
    }

    @Test
    void labelsAreKeyedByEventIdAndMayRepeat() {
        byte[] label =
                new LabelEventCodec(spec).encode(new LabelEvent("e-1", "yes", Instant.parse("2026-02-04T00:00:00Z")));

        Batch batch = labelBatch();
        assertThat(labels.check(utf8("e-1"), label, batch)).isSameAs(RecordCheck.ACCEPTED);
        assertThat(labels.check(utf8("e-1"), label, batch)).isSameAs(RecordCheck.ACCEPTED);
        assertThat(batch.rows().size()).isEqualTo(2);
        assertThat(((Rejected) labels.check(utf8("e-2"), label, batch))
                        .rejection()
                        .reason())
                .isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(labels.rejectsDuplicates()).isFalse();
        assertThat(events.rejectsDuplicates()).isTrue();
        Rejected dup = RecordCheck.duplicate("event_id", "e-1");
        assertThat(dup.rejection().reason()).isEqualTo(RejectReason.DUPLICATE_ID);
        assertThat(dup.rejection().field()).isEqualTo("event_id");
    }
}
