package dev.mlcycle.stats.drift;

import dev.mlcycle.contracts.record.Histogram;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Chi-square test of homogeneity on the 2 x k table (reference row, current row), as {@code
 * scipy.stats.chi2_contingency(table)}: Yates' continuity correction only when the table has one degree of
 * freedom, as scipy does by default.
 *
 * <p>Formula (Pearson 1900; e.g. Agresti, Categorical Data Analysis, 3rd ed., section 3.2): with row totals
 * R_i, column totals C_j and N = R_1 + R_2, the expected count is E_ij = R_i C_j / N and chi2 = sum_ij (O_ij -
 * E_ij)^2 / E_ij with (2 - 1)(k - 1) = k - 1 degrees of freedom; p = P(chi2_{k-1} >= chi2), the chi-square
 * survival function of Apache Commons Statistics. With one degree of freedom each observed count first moves
 * towards its expected count by min(0.5, |O - E|) (Yates 1934, as scipy since gh-13875). Cramér's V = sqrt(chi2
 * / N) for a 2 x k table (Cramér 1946), from the uncorrected statistic, as scipy's {@code association}. The
 * statistic is computed here rather than by Commons's {@code ChiSquareTest} because that one has no Yates
 * correction.
 *
 * <p>Columns, in this order:
 *
 * <ol>
 *   <li>Columns with 0 in both rows are dropped.
 *   <li>If fewer than 2 columns are left the result is statistic 0, p 1, dof 0, V 0 (nothing to compare).
 *   <li>A column is sparse when its smallest expected count, C_j min(R_1, R_2) / N, is below 5. Columns named
 *       {@link Histogram#UNSEEN} and {@link Histogram#MISSING} are never merged, even when sparse. The other
 *       columns, smallest total first (ties: the earlier column first), move into one column {@link #OTHER}
 *       while the smallest column left is sparse or {@code (other)} itself is non-empty and sparse, until no
 *       other column is left.
 *   <li>A {@code (other)} holding a single column keeps that column's name (merging one column changes
 *       nothing).
 *   <li>Order of the tested columns: the unmerged columns in their given order, then {@code (other)}, then
 *       {@code (unseen)} and {@code (missing)} in their given order.
 * </ol>
 *
 * <p>The golden test checks the merge and the numbers against scipy 1.17 to 1e-12 relative (the merge rule
 * written again, independently, in the script that made the golden file).
 */
public final class ChiSquareHomogeneity {
    /** The name of the column that sparse categories are merged into. */
    public static final String OTHER = "(other)";

    private static final double MIN_EXPECTED = 5.0;

    private ChiSquareHomogeneity() {}

    /**
     * Tests whether the reference and the current counts come from the same categorical distribution.
     *
     * @param categories column names, distinct, not {@value #OTHER}; {@code (unseen)} and {@code (missing)}
     *     are never merged
     * @param reference the reference's count per category, {@code >= 0}, one per category
     * @param current the window's count per category, {@code >= 0}, one per category
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for null, lengths that differ, a
     *     negative count, duplicate or blank names, a category named {@value #OTHER}, or a row whose counts
     *     are all 0 while the other row has counts (the message names which)
     */
    public static ChiSquareResult test(List<String> categories, long[] reference, long[] current) {
        Checks.notNull(categories, "categories");
        long refTotal = Checks.counts(reference, "reference");
        long curTotal = Checks.counts(current, "current");
        if (reference.length != categories.size()) {
            throw Checks.invalid(
                    "reference: expected " + categories.size() + " counts (one per category), got " + reference.length);
        }
        Checks.sameLength(reference, "reference", current, "current");
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < categories.size(); j++) {
            String c = categories.get(j);
            if (c == null || c.isBlank()) {
                throw Checks.invalid("categories[" + j + "]: expected a name, got " + (c == null ? "null" : "\"\""));
            }
            if (c.equals(OTHER)) {
                throw Checks.invalid(
                        "categories[" + j + "]: \"" + OTHER + "\" is reserved for merged sparse categories");
            }
            if (!seen.add(c)) {
                throw Checks.invalid("categories[" + j + "]: duplicate category \"" + c + "\"");
            }
        }
        if (refTotal == 0 && curTotal > 0) {
            throw Checks.invalid("reference: expected at least one count, all " + reference.length + " are 0");
        }
        if (curTotal == 0 && refTotal > 0) {
            throw Checks.invalid("current: expected at least one count, all " + current.length + " are 0");
        }

        List<Column> kept = new ArrayList<>();
        for (int j = 0; j < categories.size(); j++) {
            if (reference[j] + current[j] > 0) {
                kept.add(new Column(j, categories.get(j), reference[j], current[j]));
            }
        }
        List<Column> columns = kept.size() < 2 ? kept : merge(kept, refTotal, curTotal);
        int k = columns.size();
        List<String> names = new ArrayList<>(k);
        long[] ref = new long[k];
        long[] cur = new long[k];
        for (int j = 0; j < k; j++) {
            names.add(columns.get(j).name);
            ref[j] = columns.get(j).reference;
            cur[j] = columns.get(j).current;
        }
        if (k < 2) {
            return new ChiSquareResult(0.0, 1.0, 0, names, ref, cur, 0.0);
        }
        int dof = k - 1;
        double total = (double) refTotal + (double) curTotal;
        double uncorrected = statistic(ref, cur, refTotal, curTotal, false);
        double chi2 = dof == 1 ? statistic(ref, cur, refTotal, curTotal, true) : uncorrected;
        double p = ChiSquaredDistribution.of(dof).survivalProbability(chi2);
        double v = Math.sqrt(uncorrected / total / Math.min(k - 1, 1));
        return new ChiSquareResult(chi2, p, dof, names, ref, cur, v);
    }

    /** sum (O - E)^2 / E in scipy's order (reference row, then current row), E = R_i C_j / N. */
    private static double statistic(long[] ref, long[] cur, long refTotal, long curTotal, boolean yates) {
        double n = (double) refTotal + (double) curTotal;
        double sum = 0.0;
        for (int row = 0; row < 2; row++) {
            long[] observed = row == 0 ? ref : cur;
            double rowTotal = row == 0 ? refTotal : curTotal;
            for (int j = 0; j < ref.length; j++) {
                double expected = rowTotal * ((double) ref[j] + (double) cur[j]) / n;
                double o = observed[j];
                if (yates) {
                    double diff = expected - o;
                    o = o + Math.min(0.5, Math.abs(diff)) * Math.signum(diff);
                }
                double d = o - expected;
                sum += d * d / expected;
            }
        }
        return sum;
    }

    private static List<Column> merge(List<Column> columns, long refTotal, long curTotal) {
        double n = (double) refTotal + (double) curTotal;
        double small = Math.min(refTotal, curTotal);
        List<Column> free = new ArrayList<>();
        List<Column> fixed = new ArrayList<>();
        for (Column c : columns) {
            (c.name.equals(Histogram.UNSEEN) || c.name.equals(Histogram.MISSING) ? fixed : free).add(c);
        }
        List<Column> bySize = new ArrayList<>(free);
        bySize.sort(Comparator.comparingLong(Column::total).thenComparingInt(c -> c.index));
        List<Column> other = new ArrayList<>();
        long otherTotal = 0;
        int next = 0;
        while (next < bySize.size()) {
            Column smallest = bySize.get(next);
            boolean smallestSparse = smallest.total() * small / n < MIN_EXPECTED;
            boolean otherSparse = !other.isEmpty() && otherTotal * small / n < MIN_EXPECTED;
            if (!smallestSparse && !otherSparse) {
                break;
            }
            other.add(smallest);
            otherTotal += smallest.total();
            next++;
        }
        List<Column> out = new ArrayList<>();
        if (other.size() == 1) {
            other.clear();
        }
        for (Column c : free) {
            if (!other.contains(c)) {
                out.add(c);
            }
        }
        if (!other.isEmpty()) {
            long r = 0;
            long cu = 0;
            for (Column c : other) {
                r += c.reference;
                cu += c.current;
            }
            out.add(new Column(-1, OTHER, r, cu));
        }
        out.addAll(fixed);
        return out;
    }

    private record Column(int index, String name, long reference, long current) {
        long total() {
            return reference + current;
        }
    }
}
