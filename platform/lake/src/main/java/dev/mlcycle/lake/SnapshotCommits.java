package dev.mlcycle.lake;

import dev.mlcycle.contracts.record.DataFileInfo;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

/**
 * A committed snapshot as the {@link LakeCommit} its writer announced, or would have: for a snapshot {@link
 * TableWriter#commit} or {@link Compactor} made, the same record they returned (files in the order they were
 * added, rows and bytes of the added files, this commit's ranges from {@value CommitSummary#RANGES}, the time
 * column's bounds from the files' metrics). This is how a commit whose announcement was lost is announced later.
 */
final class SnapshotCommits {
    private SnapshotCommits() {}

    static LakeCommit describe(LakeTable table, Snapshot s) {
        Table t = table.iceberg();
        NestedField time = t.schema().findField(table.timeColumn());
        List<DataFileInfo> infos = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        Long min = null;
        Long max = null;
        for (DataFile f : SnapshotChanges.builderFor(t).snapshot(s).build().addedDataFiles()) {
            infos.add(table.fileInfo(f));
            rows += f.recordCount();
            bytes += f.fileSizeInBytes();
            if (time != null) {
                Long lower = micros(time.type(), f.lowerBounds(), time.fieldId());
                Long upper = micros(time.type(), f.upperBounds(), time.fieldId());
                if (lower != null && (min == null || lower < min)) {
                    min = lower;
                }
                if (upper != null && (max == null || upper > max)) {
                    max = upper;
                }
            }
        }
        return new LakeCommit(
                table.dataset(),
                table.kind().tableName(),
                s.snapshotId(),
                s.parentId(),
                operation(s),
                infos,
                rows,
                bytes,
                CommitSummary.ranges(s.summary()),
                min == null ? null : instant(min),
                max == null ? null : instant(max),
                Instant.ofEpochMilli(s.timestampMillis()));
    }

    /**
     * Iceberg's operation as a {@link LakeCommit.Operation}: {@code append} and {@code replace} as such; {@code
     * delete}, and an {@code overwrite} (another engine's) that removed rows or files, as DELETE; an overwrite that
     * only added, as APPEND.
     */
    static LakeCommit.Operation operation(Snapshot s) {
        String op = s.operation();
        if (DataOperations.APPEND.equals(op)) {
            return LakeCommit.Operation.APPEND;
        }
        if (DataOperations.REPLACE.equals(op)) {
            return LakeCommit.Operation.REPLACE;
        }
        if (DataOperations.OVERWRITE.equals(op)) {
            Map<String, String> sum = s.summary();
            boolean removed = sum != null
                    && (positive(sum.get(SnapshotSummary.DELETED_FILES_PROP))
                            || positive(sum.get(SnapshotSummary.DELETED_RECORDS_PROP)));
            return removed ? LakeCommit.Operation.DELETE : LakeCommit.Operation.APPEND;
        }
        return LakeCommit.Operation.DELETE;
    }

    private static boolean positive(String count) {
        try {
            return count != null && Long.parseLong(count) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A timestamp bound in microseconds, null if the file has none (another engine may write no metrics). */
    private static Long micros(Type type, Map<Integer, ByteBuffer> bounds, int fieldId) {
        ByteBuffer b = bounds == null ? null : bounds.get(fieldId);
        if (b == null) {
            return null;
        }
        Object v = Conversions.fromByteBuffer(type, b);
        return v instanceof Long l ? l : null;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
