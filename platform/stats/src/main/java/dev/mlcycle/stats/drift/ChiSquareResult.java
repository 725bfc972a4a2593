package dev.mlcycle.stats.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a chi-square test of homogeneity ({@link ChiSquareHomogeneity}) with the table it was
 * computed on, after sparse columns were merged and empty ones dropped.
 *
 * @param statistic the chi-square statistic (with Yates' correction when {@code degreesOfFreedom == 1})
 * @param pValue P(chi2_dof >= statistic), in [0, 1]
 * @param degreesOfFreedom k - 1 for the k columns tested; 0 when fewer than 2 columns were left
 * @param columns the names of the columns tested, possibly including {@link ChiSquareHomogeneity#OTHER}
 * @param reference the reference row of the tested table
 * @param current the current row of the tested table
 * @param cramersV Cramér's V = sqrt(chi2 / (N (min(2, k) - 1))) with the uncorrected chi2 (as scipy's
 *     {@code contingency.association(table, method="cramer")}), 0 to 1; 0 when fewer than 2 columns
 */
public record ChiSquareResult(
        double statistic,
        double pValue,
        int degreesOfFreedom,
        List<String> columns,
        long[] reference,
        long[] current,
        double cramersV) {

    public ChiSquareResult {
        columns = List.copyOf(columns);
        reference = reference.clone();
        current = current.clone();
    }

    @Override
    public long[] reference() {
        return reference.clone();
    }

    @Override
    public long[] current() {
        return current.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChiSquareResult r
                && Double.compare(statistic, r.statistic) == 0
                && Double.compare(pValue, r.pValue) == 0
                && degreesOfFreedom == r.degreesOfFreedom
                && columns.equals(r.columns)
                && Arrays.equals(reference, r.reference)
                && Arrays.equals(current, r.current)
                && Double.compare(cramersV, r.cramersV) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                statistic,
                pValue,
                degreesOfFreedom,
                columns,
                Arrays.hashCode(reference),
                Arrays.hashCode(current),
                cramersV);
    }

    @Override
    public String toString() {
        return "ChiSquareResult[statistic=" + statistic + ", pValue=" + pValue + ", degreesOfFreedom="
                + degreesOfFreedom + ", columns=" + columns + ", reference=" + Arrays.toString(reference)
                + ", current=" + Arrays.toString(current) + ", cramersV=" + cramersV + "]";
    }
}
