package dev.mlcycle.features.check;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of rows' features against the dataset spec and the limits, shared by training (before it trains) and
 * batch scoring (before it scores): the row count, the share of missing values per feature, and the share of values
 * outside the spec's range or categories. Rows are counted as they come, column by column or value by value, so a
 * reader can check data it never holds whole. Ingest already rejects records that break the spec one by one; these
 * checks catch what only shows in aggregate: a feed that went half null. The label checks stay with training, the
 * only one that has labels.
 */
public final class FeatureChecks {
    private final List<FeatureSpec> features;
    private final List<Set<String>> declared = new ArrayList<>();
    private final long[] missing;
    private final long[] outside;
    private long rows;

    /** A tally of no rows yet for the features of {@code spec}. */
    public FeatureChecks(DatasetSpec spec) {
        this.features = spec.features();
        this.missing = new long[features.size()];
        this.outside = new long[features.size()];
        for (FeatureSpec f : features) {
            declared.add(new HashSet<>(f.values()));
        }
    }

    /** Counts {@code n} more rows; their values come through {@link #value} or {@link #column}. */
    public void rows(long n) {
        rows += n;
    }

    /** The rows counted. */
    public long rowCount() {
        return rows;
    }

    /** One value of feature {@code f} (in the spec's order): a number, string, boolean or null for missing. */
    public void value(int f, Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            missing[f]++;
            return;
        }
        FeatureSpec feature = features.get(f);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if ((feature.min() != null && d < feature.min()) || (feature.max() != null && d > feature.max())) {
                outside[f]++;
            }
        } else if (checksCategories(f)
                && v instanceof String s
                && !declared.get(f).contains(s)) {
            outside[f]++;
        }
    }

    /** Values {@code [0, n)} of feature {@code f}'s column. */
    public void column(int f, Object[] values, int n) {
        for (int r = 0; r < n; r++) {
            value(f, values[r]);
        }
    }

    private boolean checksCategories(int f) {
        FeatureSpec feature = features.get(f);
        return feature.isCategorical()
                && !feature.unseenAllowed()
                && !declared.get(f).isEmpty();
    }

    /** A failed {@code schema} check per problem found reading the data (columns differing from the spec). */
    public static List<DataCheck> schema(List<String> problems) {
        List<DataCheck> checks = new ArrayList<>();
        for (String problem : problems) {
            checks.add(new DataCheck("schema", null, 1, 0, false, problem));
        }
        return checks;
    }

    /**
     * The {@code row-count} check: at least {@code minRows} rows.
     *
     * @param what how the rows are called in the message: {@code labelled rows}, {@code rows}
     */
    public DataCheck rowCount(long minRows, String what) {
        boolean ok = rows >= minRows;
        return new DataCheck(
                "row-count",
                null,
                rows,
                minRows,
                ok,
                ok ? rows + " " + what : "only " + rows + " " + what + ", at least " + minRows + " needed");
    }

    /** The {@code null-share} and {@code out-of-range} checks of every feature, in the spec's order; none for no rows. */
    public List<DataCheck> featureChecks(DataLimits limits) {
        List<DataCheck> checks = new ArrayList<>();
        if (rows == 0) {
            return checks;
        }
        for (int f = 0; f < features.size(); f++) {
            FeatureSpec feature = features.get(f);
            double nullShare = (double) missing[f] / rows;
            double nullLimit = feature.nullable() ? limits.maxNullShare() : 0.0;
            boolean nullsOk = nullShare <= nullLimit;
            checks.add(new DataCheck(
                    "null-share",
                    feature.name(),
                    nullShare,
                    nullLimit,
                    nullsOk,
                    nullsOk
                            ? String.format(Locale.ROOT, "%s: %.2f%% missing", feature.name(), 100 * nullShare)
                            : String.format(
                                    Locale.ROOT,
                                    "%s: %.2f%% missing (%d of %d rows), at most %.2f%% allowed%s",
                                    feature.name(),
                                    100 * nullShare,
                                    missing[f],
                                    rows,
                                    100 * nullLimit,
                                    feature.nullable() ? "" : " (the spec says it is not nullable)")));
            if (feature.isNumeric() || checksCategories(f)) {
                double share = (double) outside[f] / rows;
                boolean ok = share <= limits.maxOutOfRangeShare();
                String expected = feature.isNumeric() ? "inside " + feature.expectation() : feature.expectation();
                checks.add(new DataCheck(
                        "out-of-range",
                        feature.name(),
                        share,
                        limits.maxOutOfRangeShare(),
                        ok,
                        String.format(
                                Locale.ROOT,
                                "%s: %d of %d values not %s",
                                feature.name(),
                                outside[f],
                                rows,
                                expected)));
            }
        }
        return checks;
    }

    /**
     * The report of rows without labels (batch scoring): the schema problems, the row count and every feature check.
     */
    public ValidationReport report(List<String> schemaProblems, DataLimits limits) {
        List<DataCheck> checks = new ArrayList<>(schema(schemaProblems));
        checks.add(rowCount(limits.minRows(), "rows"));
        checks.addAll(featureChecks(limits));
        return ValidationReport.of(rows, checks);
    }
}
