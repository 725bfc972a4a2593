package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.contracts.validation.Rejection;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.RowBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * Checks one Kafka record of a dataset topic against the spec and adds a valid one as a row of the batch. Everything
 * about the record itself is checked here (bytes, JSON, fields, types, ranges, categories, timestamps, the Kafka key
 * against the key field), and for events whether the batch already holds the id. Never throws for bad input.
 *
 * <p>The codecs of {@code contracts} are the judges. A {@link FastRowDecoder} first tries the common case straight
 * from the bytes into the batch's columns; whatever it declines (anything it cannot prove valid) goes to the codec,
 * which accepts it (its event is added as a row) or rejects it with its reason. Confined to one pipeline thread.
 */
abstract sealed class RecordCheck {

    /** What became of a record. */
    sealed interface Outcome {}

    /** A valid record, added as the batch's last row. */
    static final class Accepted implements Outcome {
        private Accepted() {}

        @Override
        public String toString() {
            return "accepted";
        }
    }

    /** The one {@link Accepted} outcome. */
    static final Accepted ACCEPTED = new Accepted();

    /** A rejected record and why. */
    record Rejected(Rejection rejection) implements Outcome {}

    private final FastRowDecoder fast;
    private final String idField;
    private long fastAccepted;
    private long codecJudged;

    RecordCheck(FastRowDecoder fast, String idField) {
        this.fast = fast;
        this.idField = idField;
    }

    static RecordCheck forEvents(DatasetSpec spec, LakeTable table, Clock clock) {
        return new Events(spec, table, clock);
    }

    static RecordCheck forLabels(DatasetSpec spec, LakeTable table, Clock clock) {
        return new Labels(spec, table, clock);
    }

    /** The field the Kafka key must equal. */
    abstract String keyField();

    /**
     * Whether a second record with the same id in one batch is rejected: events, yes (an event happens once);
     * labels, no (a later label for the same event corrects the earlier one, and readers take the latest).
     */
    abstract boolean rejectsDuplicates();

    /**
     * Checks a record and, if it is valid, adds its row to {@code batch}.
     *
     * @return {@link #ACCEPTED}, or why the record is rejected (nothing was added)
     */
    Outcome check(byte[] key, byte[] value, Batch batch) {
        if (value == null) {
            return empty();
        }
        RowBatch rows = batch.rows();
        if (fast.decode(key, value, rows)) {
            fastAccepted++;
            int from = fast.idFrom();
            int length = fast.idLength();
            if (!batch.claimId(value, from, length)) {
                rows.cancelRow();
                return duplicate(idField, new String(value, from, length, StandardCharsets.UTF_8));
            }
            rows.endRow();
            return ACCEPTED;
        }
        codecJudged++;
        return judge(key, value, batch);
    }

    /** The codec's verdict on a record the fast decoder declined; adds the row if valid. */
    abstract Outcome judge(byte[] key, byte[] value, Batch batch);

    /** Records accepted without the codec, since this check was made. */
    long fastAccepted() {
        return fastAccepted;
    }

    /** Records the codec judged (valid or not), since this check was made. */
    long codecJudged() {
        return codecJudged;
    }

    Outcome claimed(String id, Batch batch) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        return batch.claimId(b, 0, b.length) ? null : duplicate(idField, id);
    }

    static Rejected duplicate(String idField, String id) {
        return new Rejected(new Rejection(
                RejectReason.DUPLICATE_ID,
                idField,
                "field \"" + idField + "\": expected an id not seen before in this batch, got \"" + id
                        + "\" a second time"));
    }

    static Rejected empty() {
        return new Rejected(
                new Rejection(RejectReason.EMPTY, "", "expected a JSON object, got no value (a tombstone)"));
    }

    /** Null if the key is absent or matches; else the rejection. */
    Rejected keyMismatch(byte[] kafkaKey, String value) {
        if (kafkaKey == null || Arrays.equals(kafkaKey, value.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String got = new String(kafkaKey, StandardCharsets.UTF_8);
        if (got.length() > 80) {
            got = got.substring(0, 80) + "...";
        }
        return new Rejected(new Rejection(
                RejectReason.KEY_MISMATCH,
                keyField(),
                "field \"" + keyField() + "\": expected the Kafka key \"" + got + "\", got \"" + value + "\""));
    }

    private static final class Events extends RecordCheck {
        private final FeatureEventCodec codec;
        private final String keyField;

        Events(DatasetSpec spec, LakeTable table, Clock clock) {
            super(FastRowDecoder.forEvents(spec, table.name(), clock), spec.id());
            this.codec = new FeatureEventCodec(spec, clock);
            this.keyField = spec.key();
        }

        @Override
        String keyField() {
            return keyField;
        }

        @Override
        boolean rejectsDuplicates() {
            return true;
        }

        @Override
        Outcome judge(byte[] key, byte[] value, Batch batch) {
            Decoded<FeatureEvent> d = codec.decode(value);
            if (d instanceof Decoded.Invalid<FeatureEvent> bad) {
                return new Rejected(bad.rejection());
            }
            FeatureEvent e = ((Decoded.Valid<FeatureEvent>) d).value();
            Rejected mismatch = keyMismatch(key, e.key());
            if (mismatch != null) {
                return mismatch;
            }
            Outcome dup = claimed(e.id(), batch);
            if (dup != null) {
                return dup;
            }
            batch.rows().add(e);
            return ACCEPTED;
        }
    }

    private static final class Labels extends RecordCheck {
        private final LabelEventCodec codec;
        private final String idField;

        Labels(DatasetSpec spec, LakeTable table, Clock clock) {
            super(FastRowDecoder.forLabels(spec, table.name(), clock), spec.id());
            this.codec = new LabelEventCodec(spec, clock);
            this.idField = spec.id();
        }

        @Override
        String keyField() {
            return idField;
        }

        @Override
        boolean rejectsDuplicates() {
            return false;
        }

        @Override
        Outcome judge(byte[] key, byte[] value, Batch batch) {
            Decoded<LabelEvent> d = codec.decode(value);
            if (d instanceof Decoded.Invalid<LabelEvent> bad) {
                return new Rejected(bad.rejection());
            }
            LabelEvent e = ((Decoded.Valid<LabelEvent>) d).value();
            Rejected mismatch = keyMismatch(key, e.id());
            if (mismatch != null) {
                return mismatch;
            }
            batch.rows().add(e);
            return ACCEPTED;
        }
    }
}
