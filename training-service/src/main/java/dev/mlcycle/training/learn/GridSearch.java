package dev.mlcycle.training.learn;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Chooses hyper-parameters from a small grid by k-fold cross-validation on the train split: every combination of
 * the candidate values is trained k times, each time on k-1 folds and scored on the held-out one, and the
 * combination with the best mean score wins (ties go to the earlier combination, so the choice is deterministic).
 * Folds are stratified by class for classification (each class dealt round-robin after a seeded shuffle), so
 * every fold sees every class in its share.
 *
 * <p>The validation and test splits are never touched: the search sees only what the model will be fitted on.
 */
public final class GridSearch {
    /** More combinations than this is not a "small grid"; the request is refused rather than run for hours. */
    public static final int MAX_COMBINATIONS = 64;

    private GridSearch() {}

    /** One combination's cross-validated scores. */
    public record Candidate(Map<String, String> params, double meanScore, List<Double> foldScores) {}

    /** The outcome: the winning parameters and every candidate's scores. */
    public record Result(Hyperparameters best, String metric, int folds, List<Candidate> candidates) {}

    /** Receives progress: fits done and fits in all. */
    public interface Progress {
        void fitted(int done, int total);
    }

    /**
     * Expands a grid: every combination of the candidate values (comma separated per parameter), each on top of the
     * base parameters, in a stable order (parameters by name, values as written).
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for an empty value list or too many combinations
     */
    public static List<Map<String, String>> expand(Map<String, String> base, Map<String, String> grid) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new TreeMap<>(base));
        for (Map.Entry<String, String> axis : new TreeMap<>(grid).entrySet()) {
            List<String> values = new ArrayList<>();
            for (String v : axis.getValue().split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            if (values.isEmpty()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "grid." + axis.getKey() + ": expected comma-separated values, got \"" + axis.getValue() + "\"");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : values) {
                    Map<String, String> m = new TreeMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
            if (combos.size() > MAX_COMBINATIONS) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "grid: " + grid + " makes more than " + MAX_COMBINATIONS + " combinations; narrow it");
            }
        }
        return combos;
    }

    /**
     * Deals example indices into k folds, stratified by {@code stratum} (the label for classification, a constant
     * for regression), after a seeded shuffle within each stratum.
     *
     * @return for each example its fold in {@code [0, k)}
     */
    public static <T extends Output<T>> int[] folds(
            List<Example<T>> examples, int k, long seed, Function<Example<T>, String> stratum) {
        Map<String, List<Integer>> byStratum = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            byStratum
                    .computeIfAbsent(stratum.apply(examples.get(i)), s -> new ArrayList<>())
                    .add(i);
        }
        int[] fold = new int[examples.size()];
        Random random = new Random(seed);
        int next = 0;
        for (String s : new TreeMap<>(byStratum).keySet()) {
            List<Integer> indices = byStratum.get(s);
            Collections.shuffle(indices, random);
            for (int index : indices) {
                fold[index] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /**
     * Runs the search.
     *
     * @param algorithm the algorithm searched
     * @param base parameters fixed for every candidate
     * @param grid candidate values per parameter, comma separated
     * @param train the train split's examples
     * @param factory the output factory of the datasets built per fold
     * @param k folds, at least 2
     * @param seed the folds' shuffle seed
     * @param trainers the trainer for a combination
     * @param scorer how a held-out fold is scored
     * @param stratum the stratum of an example
     * @param progress told after every fit
     */
    public static <T extends Output<T>> Result search(
            Algorithm algorithm,
            Map<String, String> base,
            Map<String, String> grid,
            List<Example<T>> train,
            OutputFactory<T> factory,
            int k,
            long seed,
            Function<Hyperparameters, Trainer<T>> trainers,
            Scorer<T> scorer,
            Function<Example<T>, String> stratum,
            Progress progress) {
        if (k < 2) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "cv-folds: expected at least 2, got " + k);
        }
        if (train.size() < k) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "cross-validation needs at least " + k + " train rows, got " + train.size());
        }
        List<Map<String, String>> combos = expand(base, grid);
        List<Hyperparameters> resolved =
                combos.stream().map(c -> Hyperparameters.resolve(algorithm, c)).toList();
        int[] fold = folds(train, k, seed, stratum);
        List<List<Example<T>>> heldOut = new ArrayList<>();
        List<MutableDataset<T>> fitOn = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Example<T>> out = new ArrayList<>();
            MutableDataset<T> in =
                    new MutableDataset<>(new SimpleDataSourceProvenance("cv-fold-" + f, factory), factory);
            for (int i = 0; i < train.size(); i++) {
                if (fold[i] == f) {
                    out.add(train.get(i));
                } else {
                    in.add(train.get(i));
                }
            }
            heldOut.add(out);
            fitOn.add(in);
        }
        List<Candidate> candidates = new ArrayList<>();
        int best = -1;
        int done = 0;
        for (int c = 0; c < resolved.size(); c++) {
            Trainer<T> trainer = trainers.apply(resolved.get(c));
            List<Double> scores = new ArrayList<>();
            double sum = 0;
            for (int f = 0; f < k; f++) {
                Model<T> model = trainer.train(fitOn.get(f));
                double s = scorer.score(model, heldOut.get(f));
                scores.add(s);
                sum += s;
                progress.fitted(++done, resolved.size() * k);
            }
            double mean = sum / k;
            candidates.add(new Candidate(resolved.get(c).asText(), mean, scores));
            if (best < 0 || better(mean, candidates.get(best).meanScore(), scorer.higherIsBetter())) {
                best = c;
            }
        }
        return new Result(resolved.get(best), scorer.metric(), k, candidates);
    }

    private static boolean better(double a, double b, boolean higherIsBetter) {
        if (Double.isNaN(b)) {
            return !Double.isNaN(a);
        }
        return higherIsBetter ? a > b : a < b;
    }
}
