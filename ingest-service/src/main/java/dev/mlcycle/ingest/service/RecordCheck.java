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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.apache.iceberg.data.Record;

/**
 * Checks one Kafka record of a dataset topic against the spec and turns a valid one into a lake row. Everything
 * about the record itself is checked here (bytes, JSON, fields, types, ranges, categories, timestamps, the Kafka key
 * against the key field); duplicates are a property of the batch and are checked by the pipeline. Never throws for
 * bad input. Thread-safe.
 */
abstract sealed class RecordCheck {

    /** What became of a record. */
    sealed interface Outcome {}

    /** A valid record: its id and its lake row. */
    record Accepted(String id, Record row) implements Outcome {}

    /** A rejected record and why. */
    record Rejected(Rejection rejection) implements Outcome {}

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

    abstract Outcome check(byte[] key, byte[] value);

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
        private final LakeTable table;
        private final String keyField;

        Events(DatasetSpec spec, LakeTable table, Clock clock) {
            this.codec = new FeatureEventCodec(spec, clock);
            this.table = table;
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
        Outcome check(byte[] key, byte[] value) {
            if (value == null) {
                return empty();
            }
            Decoded<FeatureEvent> d = codec.decode(value);
            if (d instanceof Decoded.Invalid<FeatureEvent> bad) {
                return new Rejected(bad.rejection());
            }
            FeatureEvent e = ((Decoded.Valid<FeatureEvent>) d).value();
            Rejected mismatch = keyMismatch(key, e.key());
            if (mismatch != null) {
                return mismatch;
            }
            return new Accepted(e.id(), table.toRecord(e));
        }
    }

    private static final class Labels extends RecordCheck {
        private final LabelEventCodec codec;
        private final LakeTable table;
        private final String idField;

        Labels(DatasetSpec spec, LakeTable table, Clock clock) {
            this.codec = new LabelEventCodec(spec, clock);
            this.table = table;
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
        Outcome check(byte[] key, byte[] value) {
            if (value == null) {
                return empty();
            }
            Decoded<LabelEvent> d = codec.decode(value);
            if (d instanceof Decoded.Invalid<LabelEvent> bad) {
                return new Rejected(bad.rejection());
            }
            LabelEvent e = ((Decoded.Valid<LabelEvent>) d).value();
            Rejected mismatch = keyMismatch(key, e.id());
            if (mismatch != null) {
                return mismatch;
            }
            return new Accepted(e.id(), table.toRecord(e));
        }
    }
}
