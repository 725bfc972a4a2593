package dev.mlcycle.training.data;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The labelled rows a run trains on, column by column, ordered by event time (then event id): one {@code
 * double[]} per numeric or integer feature ({@code NaN} where missing), one {@code String[]} per categorical
 * feature and one {@code byte[]} per boolean feature ({@code -1} where missing), the label as a {@code String[]}
 * (categorical) or {@code double[]} (numeric). A million credit rows take about 150 MB this way, against well
 * over half a gigabyte as maps.
 *
 * <p>Rows are handed to the feature encoder and the profile builder as {@link #row(int)} maps in the shape of
 * {@link dev.mlcycle.contracts.record.FeatureEvent#features()}: {@code Double}, {@code String}, {@code Boolean} or
 * absent.
 */
public final class LabelledFrame {
    private final DatasetSpec spec;
    private final String[] ids;
    private final long[] eventTimesMicros;
    private final Object[] columns;
    private final String[] labelCategories;
    private final double[] labelNumbers;
    private final Map<String, Integer> featureIndex = new HashMap<>();

    LabelledFrame(
            DatasetSpec spec,
            String[] ids,
            long[] eventTimesMicros,
            Object[] columns,
            String[] labelCategories,
            double[] labelNumbers) {
        this.spec = spec;
        this.ids = ids;
        this.eventTimesMicros = eventTimesMicros;
        this.columns = columns;
        this.labelCategories = labelCategories;
        this.labelNumbers = labelNumbers;
        List<FeatureSpec> features = spec.features();
        for (int f = 0; f < features.size(); f++) {
            featureIndex.put(features.get(f).name(), f);
        }
    }

    /** The dataset spec the columns follow. */
    public DatasetSpec spec() {
        return spec;
    }

    /** The number of rows. */
    public int size() {
        return ids.length;
    }

    /** The event id of a row. */
    public String id(int row) {
        return ids[row];
    }

    /** The event time of a row in microseconds since the epoch. */
    public long eventTimeMicros(int row) {
        return eventTimesMicros[row];
    }

    /** The event time of a row. */
    public Instant eventTime(int row) {
        long micros = eventTimesMicros[row];
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Whether the label is a category (classification) rather than a number (regression). */
    public boolean categoricalLabel() {
        return labelCategories != null;
    }

    /** The label of a row: a {@code String} for a categorical label, a {@code Double} for a numeric one. */
    public Object label(int row) {
        return labelCategories != null ? labelCategories[row] : (Object) labelNumbers[row];
    }

    /** The categorical label of a row. */
    public String labelCategory(int row) {
        return labelCategories[row];
    }

    /** The numeric label of a row. */
    public double labelNumber(int row) {
        return labelNumbers[row];
    }

    /**
     * The value of a feature in a row: {@code Double} (numeric and integer), {@code String}, {@code Boolean}, or
     * {@code null} when missing.
     */
    public Object value(int feature, int row) {
        Object column = columns[feature];
        if (column instanceof double[] numbers) {
            double v = numbers[row];
            return Double.isNaN(v) ? null : v;
        }
        if (column instanceof String[] strings) {
            return strings[row];
        }
        byte b = ((byte[]) column)[row];
        return b < 0 ? null : b == 1;
    }

    /** A numeric feature's column ({@code NaN} where missing); do not modify. */
    public double[] numericColumn(int feature) {
        return (double[]) columns[feature];
    }

    /** The index of a feature in the spec, or -1. */
    public int featureIndex(String name) {
        Integer i = featureIndex.get(name);
        return i == null ? -1 : i;
    }

    /** A row as a read-only feature map (spec order, missing values absent), built on each call. */
    public Map<String, Object> row(int row) {
        return new RowView(row);
    }

    /** The rows {@code [from, to)} as maps, for one pass of an encoder or profile builder. */
    public Iterable<Map<String, Object>> rows(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + size());
        }
        return () -> new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Map<String, Object> next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                return new RowView(next++);
            }
        };
    }

    /** A feature map over one row of the columns; absent keys are missing values. */
    private final class RowView extends AbstractMap<String, Object> {
        private final int row;

        RowView(int row) {
            this.row = row;
        }

        @Override
        public Object get(Object key) {
            Integer f = key instanceof String s ? featureIndex.get(s) : null;
            return f == null ? null : value(f, row);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return spec.features().stream()
                            .map(FeatureSpec::name)
                            .filter(name -> get(name) != null)
                            .map(name -> (Entry<String, Object>) new SimpleImmutableEntry<>(name, get(name)))
                            .iterator();
                }

                @Override
                public int size() {
                    int n = 0;
                    for (int f = 0; f < columns.length; f++) {
                        if (value(f, row) != null) {
                            n++;
                        }
                    }
                    return n;
                }
            };
        }
    }
}
