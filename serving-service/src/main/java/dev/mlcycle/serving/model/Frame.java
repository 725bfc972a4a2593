package dev.mlcycle.serving.model;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Rows to score, column by column: one column per feature, named as in the dataset spec, plus an optional event id
 * and an optional event time per row. A value is a {@link Double} or {@link Long} (numeric and integer features), a {@link String}
 * (categorical), a {@link Boolean}, or null (missing). Immutable; {@link #slice} and {@link #concat} share or copy
 * the columns, never the callers' arrays.
 *
 * <p>The Open Inference Protocol codec builds frames from requests; the micro-batcher slices and joins them; a
 * {@link ServedModel} scores them.
 */
public final class Frame {
    private final List<String> names;
    private final Object[][] columns;
    private final String[] eventIds;
    private final Instant[] eventTimes;
    private final int from;
    private final int rows;

    private Frame(List<String> names, Object[][] columns, String[] eventIds, Instant[] eventTimes, int from, int rows) {
        this.names = names;
        this.columns = columns;
        this.eventIds = eventIds;
        this.eventTimes = eventTimes;
        this.from = from;
        this.rows = rows;
    }

    /**
     * A frame of {@code columns[f][r]}: the value of feature {@code names.get(f)} in row {@code r}.
     *
     * @param names the feature names, one per column, distinct
     * @param columns the columns, all of one length; copied
     * @param eventIds an event id per row (entries may be null), or null when no row has one; copied
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the lengths disagree or a name repeats
     */
    public static Frame of(List<String> names, Object[][] columns, String[] eventIds) {
        return of(names, columns, eventIds, null);
    }

    /**
     * A frame of {@code columns[f][r]} with an event time per row.
     *
     * @param eventTimes the event's own time per row (entries may be null), or null when no row has one; copied
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the lengths disagree or a name repeats
     * @see #of(List, Object[][], String[])
     */
    public static Frame of(List<String> names, Object[][] columns, String[] eventIds, Instant[] eventTimes) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(columns, "columns");
        if (names.size() != columns.length) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "a frame needs one column per name: " + names.size() + " names, " + columns.length + " columns");
        }
        if (Set.copyOf(names).size() != names.size()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "a frame's column names repeat: " + names);
        }
        int rows = columns.length == 0 ? (eventIds == null ? 0 : eventIds.length) : columns[0].length;
        Object[][] copy = new Object[columns.length][];
        for (int f = 0; f < columns.length; f++) {
            if (columns[f].length != rows) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "column \"" + names.get(f) + "\" has " + columns[f].length + " rows, expected " + rows
                                + " like the first");
            }
            copy[f] = columns[f].clone();
        }
        if (eventIds != null && eventIds.length != rows) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "event_id has " + eventIds.length + " rows, expected " + rows);
        }
        if (eventTimes != null && eventTimes.length != rows) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "event_time has " + eventTimes.length + " rows, expected " + rows);
        }
        return new Frame(
                List.copyOf(names),
                copy,
                eventIds == null ? null : eventIds.clone(),
                eventTimes == null ? null : eventTimes.clone(),
                0,
                rows);
    }

    /** The rows of several frames with the same names, in order, as one frame. */
    public static Frame concat(List<Frame> frames) {
        if (frames.isEmpty()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "concat: no frames");
        }
        if (frames.size() == 1) {
            return frames.get(0);
        }
        List<String> names = frames.get(0).names;
        int total = 0;
        boolean ids = false;
        boolean times = false;
        for (Frame f : frames) {
            if (!f.names.equals(names)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "concat: columns " + f.names + " differ from " + names);
            }
            total += f.rows;
            ids |= f.eventIds != null;
            times |= f.eventTimes != null;
        }
        Object[][] columns = new Object[names.size()][total];
        String[] eventIds = ids ? new String[total] : null;
        Instant[] eventTimes = times ? new Instant[total] : null;
        int at = 0;
        for (Frame f : frames) {
            for (int c = 0; c < columns.length; c++) {
                System.arraycopy(f.columns[c], f.from, columns[c], at, f.rows);
            }
            if (f.eventIds != null) {
                System.arraycopy(f.eventIds, f.from, eventIds, at, f.rows);
            }
            if (f.eventTimes != null) {
                System.arraycopy(f.eventTimes, f.from, eventTimes, at, f.rows);
            }
            at += f.rows;
        }
        return new Frame(names, columns, eventIds, eventTimes, 0, total);
    }

    /** Rows {@code [from, to)} of this frame, sharing its storage. */
    public Frame slice(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "slice [" + from + ", " + to + ") is outside [0, " + rows + ")");
        }
        return new Frame(names, columns, eventIds, eventTimes, this.from + from, to - from);
    }

    /** How many rows. */
    public int rows() {
        return rows;
    }

    /** The feature names, one per column. */
    public List<String> names() {
        return names;
    }

    /** The value of column {@code column} in row {@code row}, or null when missing. */
    public Object value(int column, int row) {
        return columns[column][from + check(row)];
    }

    /** The event id of a row, or null when it has none. */
    public String eventId(int row) {
        return eventIds == null ? null : eventIds[from + check(row)];
    }

    /** The event's own time of a row, or null when the caller gave none. */
    public Instant eventTime(int row) {
        return eventTimes == null ? null : eventTimes[from + check(row)];
    }

    /** True when any row may carry an event id. */
    public boolean hasEventIds() {
        return eventIds != null;
    }

    /**
     * One row as a read-only map from feature name to value (nulls included), backed by this frame: what {@link
     * dev.mlcycle.features.FeatureEncoder} encodes. Iteration follows the column order.
     */
    public Map<String, Object> row(int row) {
        return new RowView(from + check(row));
    }

    private int check(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of a frame of " + rows);
        }
        return row;
    }

    @Override
    public String toString() {
        return "Frame[" + rows + " rows x " + names + "]";
    }

    private final class RowView extends AbstractMap<String, Object> {
        private final int at;

        RowView(int at) {
            this.at = at;
        }

        @Override
        public Object get(Object key) {
            int c = names.indexOf(key);
            return c < 0 ? null : columns[c][at];
        }

        @Override
        public boolean containsKey(Object key) {
            return names.contains(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int c;

                        @Override
                        public boolean hasNext() {
                            return c < names.size();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            int i = c++;
                            return new SimpleImmutableEntry<>(names.get(i), columns[i][at]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.size();
                }
            };
        }
    }
}
