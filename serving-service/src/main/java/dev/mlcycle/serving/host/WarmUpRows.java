package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.stats.profile.CategoricalProfile;
import dev.mlcycle.stats.profile.FeatureProfile;
import dev.mlcycle.stats.profile.NumericProfile;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic rows for warming a version, drawn from its bundle's reference profile with a seeded {@link Random}:
 * per feature, missing with the training share of missing values (if the spec allows nulls), else a numeric value
 * uniform within a frozen bin chosen by the bin counts (the open end bins bounded by the training min and max;
 * integers rounded), a category chosen by its training count, a boolean by the counts of {@code "false"} and
 * {@code "true"}. So the rows look like training data and reach every encoder branch the model needs.
 */
final class WarmUpRows {
    private WarmUpRows() {}

    /**
     * {@code rows} synthetic rows of {@code spec}'s features.
     *
     * @throws MlcycleException {@link Reason#INVALID_RECORD} if the profile lacks a feature of the spec or profiles
     *     it with the other kind (numeric vs categorical)
     */
    static Frame draw(DatasetSpec spec, ReferenceProfile profile, int rows, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        Object[][] columns = new Object[spec.features().size()][];
        for (int f = 0; f < columns.length; f++) {
            FeatureSpec feature = spec.features().get(f);
            names.add(feature.name());
            FeatureProfile p = profile.feature(feature.name())
                    .orElseThrow(() -> new MlcycleException(
                            Reason.INVALID_RECORD,
                            "reference profile: no profile of feature \"" + feature.name()
                                    + "\"; expected one per feature of dataset " + spec.name()));
            Object[] column = new Object[rows];
            double missingShare = feature.nullable() && p.total() > 0 ? (double) p.missing() / p.total() : 0.0;
            for (int r = 0; r < rows; r++) {
                boolean missing = !p.hasValues() || random.nextDouble() < missingShare;
                column[r] = missing && feature.nullable() ? null : value(feature, p, random);
            }
            columns[f] = column;
        }
        return Frame.of(names, columns, null);
    }

    private static Object value(FeatureSpec feature, FeatureProfile p, Random random) {
        switch (feature.type()) {
            case NUMERIC, INTEGER -> {
                if (!(p instanceof NumericProfile n)) {
                    throw kind(feature, "numeric");
                }
                double v = numeric(feature, n, random);
                return feature.type() == dev.mlcycle.contracts.spec.FeatureType.INTEGER ? (Object) Math.round(v) : v;
            }
            case CATEGORICAL -> {
                if (!(p instanceof CategoricalProfile c)) {
                    throw kind(feature, "categorical");
                }
                return category(c, feature.values(), random);
            }
            case BOOLEAN -> {
                if (!(p instanceof CategoricalProfile c)) {
                    throw kind(feature, "categorical (false/true)");
                }
                return Boolean.valueOf("true".equals(category(c, List.of("false", "true"), random)));
            }
            default -> throw new IllegalStateException("unknown feature type " + feature.type());
        }
    }

    private static double numeric(FeatureSpec feature, NumericProfile n, Random random) {
        if (!n.hasValues()) {
            return feature.min() != null ? feature.min() : 0.0;
        }
        double[] edges = n.edges();
        int bin = weighted(n.counts(), random);
        double lo = bin == 0 ? n.min() : edges[bin - 1];
        double hi = bin == edges.length ? n.max() : edges[bin];
        return lo + (hi - lo) * random.nextDouble();
    }

    private static String category(CategoricalProfile c, List<String> fallback, Random random) {
        if (c.count() > 0) {
            return c.categories().get(weighted(c.counts(), random));
        }
        List<String> choices = c.categories().isEmpty() ? fallback : c.categories();
        return choices.isEmpty() ? "" : choices.get(random.nextInt(choices.size()));
    }

    /** An index drawn with probability proportional to its count (the counts sum to more than 0). */
    private static int weighted(long[] counts, Random random) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        long pick = (long) (random.nextDouble() * total);
        for (int i = 0; i < counts.length; i++) {
            pick -= counts[i];
            if (pick < 0) {
                return i;
            }
        }
        return counts.length - 1;
    }

    private static MlcycleException kind(FeatureSpec feature, String expected) {
        return new MlcycleException(
                Reason.INVALID_RECORD,
                "reference profile: feature \"" + feature.name() + "\" is " + feature.type()
                        + " in the spec, expected a " + expected + " profile of it");
    }
}
