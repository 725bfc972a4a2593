package dev.mlcycle.training.data;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.features.check.DataCheck;
import dev.mlcycle.features.check.DataLimits;
import dev.mlcycle.features.check.FeatureChecks;
import dev.mlcycle.features.check.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a run's labelled rows against the dataset spec and the model's limits before anything is trained: row
 * count, the share of missing values per feature, values outside the spec's ranges or categories, and the label
 * (the share of each class, or that a numeric label varies). The feature checks are platform/features' {@link
 * FeatureChecks}, which batch scoring runs too; the label checks are training's own. Ingest already rejects records that break the spec
 * one by one; these checks catch what only shows in aggregate: a feed that went half null, a label that became
 * one class.
 */
public final class DataValidator {
    private final DataLimits limits;

    /** A validator with these bounds. */
    public DataValidator(DataLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks the frame; {@code schemaProblems} (from reading the lake) are reported as failed schema checks.
     */
    public ValidationReport validate(LabelledFrame frame, List<String> schemaProblems) {
        int n = frame.size();
        FeatureChecks features = new FeatureChecks(frame.spec());
        features.rows(n);
        List<DataCheck> checks = new ArrayList<>(FeatureChecks.schema(schemaProblems));
        checks.add(features.rowCount(limits.minRows(), "labelled rows"));
        if (n == 0) {
            return ValidationReport.of(0, checks);
        }
        DatasetSpec spec = frame.spec();
        for (int f = 0; f < spec.features().size(); f++) {
            for (int row = 0; row < n; row++) {
                features.value(f, frame.value(f, row));
            }
        }
        checks.addAll(features.featureChecks(limits));
        if (frame.categoricalLabel()) {
            checkClasses(frame, spec, checks);
        } else {
            checkLabelVaries(frame, spec, checks);
        }
        return ValidationReport.of(n, checks);
    }

    private void checkClasses(LabelledFrame frame, DatasetSpec spec, List<DataCheck> checks) {
        int n = frame.size();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String value : spec.label().values()) {
            counts.put(value, 0L);
        }
        long undeclared = 0;
        for (int row = 0; row < n; row++) {
            String label = frame.labelCategory(row);
            if (counts.containsKey(label)) {
                counts.merge(label, 1L, Long::sum);
            } else {
                undeclared++;
            }
        }
        String name = spec.label().name();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            double share = (double) e.getValue() / n;
            boolean ok = share >= limits.minClassShare();
            checks.add(new DataCheck(
                    "class-share",
                    name + "=" + e.getKey(),
                    share,
                    limits.minClassShare(),
                    ok,
                    String.format(
                            Locale.ROOT,
                            "label %s=%s: %.2f%% of rows (%d)%s",
                            name,
                            e.getKey(),
                            100 * share,
                            e.getValue(),
                            ok
                                    ? ""
                                    : String.format(
                                            Locale.ROOT, ", at least %.2f%% needed", 100 * limits.minClassShare()))));
        }
        if (undeclared > 0) {
            checks.add(new DataCheck(
                    "class-share",
                    name,
                    (double) undeclared / n,
                    0,
                    false,
                    "label " + name + ": " + undeclared + " rows with a value outside "
                            + spec.label().values()));
        }
    }

    private static void checkLabelVaries(LabelledFrame frame, DatasetSpec spec, List<DataCheck> checks) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long notFinite = 0;
        for (int row = 0; row < frame.size(); row++) {
            double v = frame.labelNumber(row);
            if (!Double.isFinite(v)) {
                notFinite++;
            } else {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        String name = spec.label().name();
        boolean ok = notFinite == 0 && max > min;
        checks.add(new DataCheck(
                "label-variance",
                name,
                max > min ? max - min : 0,
                0,
                ok,
                notFinite > 0
                        ? "label " + name + ": " + notFinite + " values are not finite numbers"
                        : max > min
                                ? "label " + name + " ranges over [" + min + ", " + max + "]"
                                : "label " + name + " is constant (" + min + "): nothing to learn"));
    }
}
