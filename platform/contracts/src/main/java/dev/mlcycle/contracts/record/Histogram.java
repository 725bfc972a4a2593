package dev.mlcycle.contracts.record;

import java.util.List;

/**
 * The counts behind a {@link DriftTest}, so that a report can be drawn from the record alone: the
 * reference's and the window's counts over the same bins. Nested in {@link DriftTest}.
 *
 * <p>Numeric: the reference's frozen edges e_1 < ... < e_m make m + 1 bins (-inf, e_1), [e_1, e_2), ...,
 * [e_m, +inf); labels name them. Categorical: one bin per category in the reference's order, then {@code
 * (unseen)} for categories the reference never saw and {@code (missing)}; edges are absent.
 *
 * @param bins a label per bin
 * @param edges optional: the numeric edges, one fewer than the bins
 * @param reference the reference's count per bin, each {@code >= 0}
 * @param current the window's count per bin, each {@code >= 0}
 */
public record Histogram(List<String> bins, List<Double> edges, List<Long> reference, List<Long> current) {
    /** The label of the bin of categories the reference never saw. */
    public static final String UNSEEN = "(unseen)";
    /** The label of the bin of missing values. */
    public static final String MISSING = "(missing)";

    public Histogram {
        bins = Fields.texts(bins, "bins");
        if (edges != null) {
            edges = Fields.list(edges, "edges");
            for (int i = 0; i < edges.size(); i++) {
                Fields.finite(edges.get(i), "edges[" + i + "]");
            }
            if (edges.size() + 1 != bins.size()) {
                throw new IllegalArgumentException("field \"edges\": expected " + (bins.size() - 1) + " edges for "
                        + bins.size() + " bins, got " + edges.size());
            }
        }
        reference = counts(reference, bins.size(), "reference");
        current = counts(current, bins.size(), "current");
    }

    private static List<Long> counts(List<Long> counts, int size, String field) {
        List<Long> copy = Fields.list(counts, field);
        if (copy.size() != size) {
            throw new IllegalArgumentException(
                    "field \"" + field + "\": expected " + size + " counts (one per bin), got " + copy.size());
        }
        for (int i = 0; i < copy.size(); i++) {
            Fields.atLeast(copy.get(i), 0, field + "[" + i + "]");
        }
        return copy;
    }
}
