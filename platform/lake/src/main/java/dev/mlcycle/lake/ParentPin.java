package dev.mlcycle.lake;

import java.util.Iterator;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Pins a snapshot update to the parent it was prepared against. Iceberg refreshes the table when it
 * applies an update; if the table moved since mlcycle checked offsets and wrote the summary, the
 * update fails instead of being silently re-based, and {@link #commit} reports it as a {@link
 * CommitFailedException} for the retry loop.
 */
final class ParentPin implements SnapshotAncestryValidator {
    private final String table;
    private final Long expected;
    private Long found;
    private boolean violated;

    ParentPin(String table, Long expectedParent) {
        this.table = table;
        this.expected = expectedParent;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestry) {
        Iterator<Snapshot> it = ancestry.iterator();
        found = it.hasNext() ? it.next().snapshotId() : null;
        violated = !Objects.equals(expected, found);
        return !violated;
    }

    @Override
    public String errorMessage() {
        return table + " moved from snapshot " + expected + " to " + found + " while the commit was prepared";
    }

    /** Commits {@code update} pinned to the expected parent. */
    <T extends SnapshotUpdate<T>> void commit(SnapshotUpdate<T> update) {
        update.validateWith(this);
        try {
            update.commit();
        } catch (ValidationException e) {
            if (violated) {
                throw new CommitFailedException(e, "%s", errorMessage());
            }
            throw e;
        }
    }
}
