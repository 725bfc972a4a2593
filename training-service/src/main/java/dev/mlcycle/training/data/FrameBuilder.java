package dev.mlcycle.training.data;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects labelled rows in any order and builds a {@link LabelledFrame} ordered by event time, then event id,
 * so that the same rows give the same frame however the lake's files were laid out. An event id seen more than
 * once keeps its latest row (by event time, then by the order added); the others are counted as duplicates.
 *
 * <p>Not thread-safe. Category strings are interned per builder, so a million rows share a few dozen strings.
 */
public final class FrameBuilder {
    private final DatasetSpec spec;
    private final List<FeatureSpec> features;
    private final boolean categoricalLabel;
    private final Map<String, String> strings = new HashMap<>();
    private int size;
    private String[] ids = new String[1024];
    private long[] times = new long[1024];
    private Object[] columns;
    private String[] labelCategories;
    private double[] labelNumbers;
    private long duplicates;

    /** A builder of frames of this dataset. */
    public FrameBuilder(DatasetSpec spec) {
        this.spec = spec;
        this.features = spec.features();
        this.categoricalLabel = spec.label().isClassification();
        columns = new Object[features.size()];
        for (int f = 0; f < features.size(); f++) {
            columns[f] = switch (features.get(f).type()) {
                case NUMERIC, INTEGER -> new double[1024];
                case CATEGORICAL -> new String[1024];
                case BOOLEAN -> new byte[1024];
            };
        }
        if (categoricalLabel) {
            labelCategories = new String[1024];
        } else {
            labelNumbers = new double[1024];
        }
    }

    /** Rows added so far. */
    public int size() {
        return size;
    }

    /**
     * Adds a row.
     *
     * @param id the event id
     * @param eventTimeMicros the event time in microseconds since the epoch
     * @param values the feature values in spec order: {@code Number}, {@code String}, {@code Boolean} or null
     * @param label a {@code String} for a categorical label, a {@code Number} for a numeric one
     */
    public void add(String id, long eventTimeMicros, Object[] values, Object label) {
        if (size == ids.length) {
            grow(ids.length * 2);
        }
        ids[size] = id;
        times[size] = eventTimeMicros;
        for (int f = 0; f < columns.length; f++) {
            Object v = values[f];
            Object column = columns[f];
            if (column instanceof double[] numbers) {
                numbers[size] = v == null ? Double.NaN : ((Number) v).doubleValue();
            } else if (column instanceof String[] cats) {
                cats[size] = v == null ? null : intern((String) v);
            } else {
                ((byte[]) column)[size] = v == null ? -1 : ((Boolean) v ? (byte) 1 : (byte) 0);
            }
        }
        if (categoricalLabel) {
            labelCategories[size] = intern(label.toString());
        } else {
            labelNumbers[size] = ((Number) label).doubleValue();
        }
        size++;
    }

    /** Event ids that appeared more than once; known after {@link #build()}. */
    public long duplicates() {
        return duplicates;
    }

    /** The frame, sorted by event time then id, one row per event id. */
    public LabelledFrame build() {
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = i;
        }
        // Stable: equal (time, id) keep the order added, and the last of them wins below.
        Arrays.sort(boxed, (a, b) -> {
            int c = Long.compare(times[a], times[b]);
            return c != 0 ? c : ids[a].compareTo(ids[b]);
        });
        Map<String, Integer> lastById = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            lastById.put(ids[boxed[i]], i);
        }
        duplicates = (long) size - lastById.size();
        int[] order = new int[lastById.size()];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (lastById.get(ids[boxed[i]]) == i) {
                order[n++] = boxed[i];
            }
        }
        String[] outIds = new String[n];
        long[] outTimes = new long[n];
        for (int i = 0; i < n; i++) {
            outIds[i] = ids[order[i]];
            outTimes[i] = times[order[i]];
        }
        Object[] outColumns = new Object[columns.length];
        for (int f = 0; f < columns.length; f++) {
            outColumns[f] = permute(columns[f], order);
        }
        return new LabelledFrame(
                spec,
                outIds,
                outTimes,
                outColumns,
                categoricalLabel ? (String[]) permute(labelCategories, order) : null,
                categoricalLabel ? null : (double[]) permute(labelNumbers, order));
    }

    private String intern(String s) {
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private static Object permute(Object column, int[] order) {
        int n = order.length;
        if (column instanceof double[] numbers) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = numbers[order[i]];
            }
            return out;
        }
        if (column instanceof String[] strings) {
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = strings[order[i]];
            }
            return out;
        }
        byte[] bytes = (byte[]) column;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = bytes[order[i]];
        }
        return out;
    }

    private void grow(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        times = Arrays.copyOf(times, capacity);
        for (int f = 0; f < columns.length; f++) {
            Object c = columns[f];
            if (c instanceof double[] d) {
                columns[f] = Arrays.copyOf(d, capacity);
            } else if (c instanceof String[] s) {
                columns[f] = Arrays.copyOf(s, capacity);
            } else {
                columns[f] = Arrays.copyOf((byte[]) c, capacity);
            }
        }
        if (categoricalLabel) {
            labelCategories = Arrays.copyOf(labelCategories, capacity);
        } else {
            labelNumbers = Arrays.copyOf(labelNumbers, capacity);
        }
    }
}
