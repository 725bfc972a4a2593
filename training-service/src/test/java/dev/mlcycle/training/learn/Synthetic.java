package dev.mlcycle.training.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Small learnable data sets for trainer tests. */
final class Synthetic {
    static final String[] NAMES = {"x1", "x2", "x3"};

    private Synthetic() {}

    /** y = yes when x1 + 0.5 x2 + noise > 0. */
    static List<Example<Label>> classification(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Example<Label>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {gauss(r), gauss(r), gauss(r)};
            boolean yes = x[0] + 0.5 * x[1] + 0.3 * gauss(r) > 0;
            out.add(new ArrayExample<>(new Label(yes ? "yes" : "no"), NAMES, x));
        }
        return out;
    }

    /** y = 3 x1 - 2 x2 + noise. */
    static List<Example<Regressor>> regression(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Example<Regressor>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {gauss(r), gauss(r), gauss(r)};
            out.add(new ArrayExample<>(new Regressor("y", 3 * x[0] - 2 * x[1] + 0.1 * gauss(r)), NAMES, x));
        }
        return out;
    }

    static MutableDataset<Label> labelDataset(List<Example<Label>> examples) {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", f), f);
        d.addAll(examples);
        return d;
    }

    static MutableDataset<Regressor> regressorDataset(List<Example<Regressor>> examples) {
        RegressionFactory f = new RegressionFactory();
        MutableDataset<Regressor> d = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", f), f);
        d.addAll(examples);
        return d;
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
