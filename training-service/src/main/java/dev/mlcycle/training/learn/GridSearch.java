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
import java.util.function.IntFunction;
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
 * <p>Each fold's examples are made by {@link TrainRows#fold}: whatever state the encoding learns (medians, means
 * and scales, categories) is fitted on that fold's training rows only, so the held-out rows are scored as unseen
 * data, as the test split later is; an encoder fitted on the whole train split would leak them into it ({@link
 * FoldEncoding}). The validation and test splits are never touched: the search sees only what the model will be
 * fitted on.
 */
public final class GridSearch {
    /** More combinations than this is not a "small grid"; the request is refused rather than run for hours. */
    public static final int MAX_COMBINATIONS = 64;

    private GridSearch() {}

    /** One combination's cross-validated scores. */
    public record Candidate(Map<String, String> params, double meanScore, List<Double> foldScores) {}

    /** The outcome: the winning parameters and every candidate's scores. */
    public record Result(Hyperparameters best, String metric, int folds, List<Candidate> candidates) {}

    /**
     * The train split as the search sees it: rows to deal into folds, each row's stratum, and how a fold's examples
     * are made.
     *
     * @param <T> the output type
     */
    public interface TrainRows<T extends Output<T>> {
        /** Rows in the train split. */
        int size();

        /** A row's stratum: its class for classification, one constant for regression. */
        String stratum(int row);

        /** The output factory of the datasets built per fold. */
        OutputFactory<T> factory();

        /**
         * The examples of one fold: its training rows and its held-out rows (indices into the train split, in
         * order), encoded by an encoding fitted on {@code fitRows} only.
         */
        Fold<T> fold(int[] fitRows, int[] heldOutRows);
    }

    /** One fold's examples: what the candidates are fitted on and what they are scored on. */
    public record Fold<T extends Output<T>>(List<Example<T>> fitOn, List<Example<T>> heldOut) {}

    /**
     * Train rows that are already examples and need no fitted encoding (each fold takes them as they are).
     *
     * @param examples the examples
     * @param factory their output factory
     * @param stratum the stratum of an example
     */
    public static <T extends Output<T>> TrainRows<T> encoded(
            List<Example<T>> examples, OutputFactory<T> factory, Function<Example<T>, String> stratum) {
        return new TrainRows<>() {
            @Override
            public int size() {
                return examples.size();
            }

            @Override
            public String stratum(int row) {
                return stratum.apply(examples.get(row));
            }

            @Override
            public OutputFactory<T> factory() {
                return factory;
            }

            @Override
            public Fold<T> fold(int[] fitRows, int[] heldOutRows) {
                List<Example<T>> in = new ArrayList<>(fitRows.length);
                for (int row : fitRows) {
                    in.add(examples.get(row));
                }
                List<Example<T>> out = new ArrayList<>(heldOutRows.length);
                for (int row : heldOutRows) {
                    out.add(examples.get(row));
                }
                return new Fold<>(in, out);
            }
        };
    }

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
        return folds(examples.size(), k, seed, i -> stratum.apply(examples.get(i)));
    }

    /**
     * Deals rows {@code [0, n)} into k folds, stratified by {@code stratum}, after a seeded shuffle within each
     * stratum.
     *
     * @return for each row its fold in {@code [0, k)}
     */
    public static int[] folds(int n, int k, long seed, IntFunction<String> stratum) {
        Map<String, List<Integer>> byStratum = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byStratum.computeIfAbsent(stratum.apply(i), s -> new ArrayList<>()).add(i);
        }
        int[] fold = new int[n];
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
     * Runs the search. Folds are made one at a time ({@link TrainRows#fold}), and every combination is fitted and
     * scored on each before the next is made; each combination keeps one trainer for its k fits, in fold order.
     *
     * @param algorithm the algorithm searched
     * @param base parameters fixed for every candidate
     * @param grid candidate values per parameter, comma separated
     * @param train the train split's rows
     * @param k folds, at least 2
     * @param seed the folds' shuffle seed
     * @param trainers the trainer for a combination
     * @param scorer how a held-out fold is scored
     * @param progress told after every fit
     */
    public static <T extends Output<T>> Result search(
            Algorithm algorithm,
            Map<String, String> base,
            Map<String, String> grid,
            TrainRows<T> train,
            int k,
            long seed,
            Function<Hyperparameters, Trainer<T>> trainers,
            Scorer<T> scorer,
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
        List<Trainer<T>> candidateTrainers = resolved.stream().map(trainers).toList();
        int[] fold = folds(train.size(), k, seed, train::stratum);
        double[][] scores = new double[resolved.size()][k];
        OutputFactory<T> factory = train.factory();
        int done = 0;
        for (int f = 0; f < k; f++) {
            Fold<T> examples = train.fold(rows(fold, f, false), rows(fold, f, true));
            MutableDataset<T> fitOn =
                    new MutableDataset<>(new SimpleDataSourceProvenance("cv-fold-" + f, factory), factory);
            fitOn.addAll(examples.fitOn());
            for (int c = 0; c < resolved.size(); c++) {
                Model<T> model = candidateTrainers.get(c).train(fitOn);
                scores[c][f] = scorer.score(model, examples.heldOut());
                progress.fitted(++done, resolved.size() * k);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        int best = -1;
        for (int c = 0; c < resolved.size(); c++) {
            List<Double> foldScores = new ArrayList<>(k);
            double sum = 0;
            for (double s : scores[c]) {
                foldScores.add(s);
                sum += s;
            }
            double mean = sum / k;
            candidates.add(new Candidate(resolved.get(c).asText(), mean, foldScores));
            if (best < 0 || better(mean, candidates.get(best).meanScore(), scorer.higherIsBetter())) {
                best = c;
            }
        }
        return new Result(resolved.get(best), scorer.metric(), k, candidates);
    }

    /** The rows of fold {@code f} ({@code in} true) or of every other fold, in order. */
    private static int[] rows(int[] fold, int f, boolean in) {
        int n = 0;
        for (int x : fold) {
            if ((x == f) == in) {
                n++;
            }
        }
        int[] rows = new int[n];
        int next = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == in) {
                rows[next++] = i;
            }
        }
        return rows;
    }

    private static boolean better(double a, double b, boolean higherIsBetter) {
        if (Double.isNaN(b)) {
            return !Double.isNaN(a);
        }
        return higherIsBetter ? a > b : a < b;
    }
}
