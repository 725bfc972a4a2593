package dev.mlcycle.datagen;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.datagen.fault.FaultKind;
import dev.mlcycle.datagen.fault.Malformer;
import dev.mlcycle.datagen.fault.SelectionSampler;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.model.DatasetModel;
import dev.mlcycle.datagen.model.DatasetModels;
import dev.mlcycle.datagen.model.FeatureTraits;
import dev.mlcycle.datagen.model.Rng;
import dev.mlcycle.datagen.scenario.ChangeAt;
import dev.mlcycle.datagen.scenario.Scenario;
import dev.mlcycle.datagen.scenario.Scenario.ConceptDrift;
import dev.mlcycle.datagen.scenario.Scenario.CovariateShift;
import dev.mlcycle.datagen.scenario.Scenario.PriorShift;
import dev.mlcycle.datagen.scenario.Scenarios;
import dev.mlcycle.datagen.sink.RecordSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Generates one run: N valid events of a dataset with drift scenarios, delayed labels and injected
 * faults, as an ordered stream of {@link GeneratedRecord}s, and the run's {@link Manifest}.
 *
 * <pre>{@code
 * DataGenerator gen = DataGenerator.create(GeneratorOptions.builder()
 *         .events(100_000).seed(7).scenario("covariate:at=50%,features=income,size=1").malformed(0.01).build());
 * Manifest manifest = gen.runInto(sink);   // or iterate: while (gen.hasNext()) gen.next() ...
 * }</pre>
 *
 * <p>The stream is a pure function of the options: no clock, no hash order, every random quantity from
 * its own stream derived from the seed (see README, "Determinism"). Valid event {@code i} has id {@code
 * <dataset>-<seed>-<i>} and key {@code c-NNNNNN} from the customer pool; malformed record {@code j} (in
 * stream order) has id {@code <dataset>-<seed>-bad-<j>}. Memory stays bounded by the labels in flight
 * and the manifest's fault list. Not thread-safe.
 */
public final class DataGenerator implements Iterator<GeneratedRecord> {
    private static final long MAX_ATTEMPTS = 1_000_000L;

    private final GeneratorOptions options;
    private final DatasetModel model;
    private final DatasetSpec spec;
    private final FeatureEventCodec eventCodec;
    private final LabelEventCodec labelCodec;
    private final String eventsTopic;
    private final String labelsTopic;
    private final String idPrefix;
    private final String positive;
    private final String negative;
    /** Whether the label is a number (regression) rather than a class. */
    private final boolean numericLabel;

    private final boolean inline;
    private final long n;
    private final long intervalNanos;
    private final long jitterMillis;
    private final long delayJitterMillis;
    private final int keyWidth;

    private final FeatureSpec[] features;
    private final FeatureTraits[] traits;
    private final String[] names;
    private final int[] nullable;
    private final int[] numeric;
    private final List<Resolved> changes = new ArrayList<>();
    private final double[] shiftDelta;

    private final Rng featureRng;
    private final Rng shiftRng;
    private final Rng labelRng;
    private final Rng priorRng;
    private final Rng keyRng;
    private final Rng timeRng;
    private final Rng delayRng;
    private final Rng nullRng;
    private final Rng outlierRng;
    private final Rng kindRng;
    private final Rng malformedRng;
    private final SelectionSampler nullSampler;
    private final SelectionSampler outlierSampler;
    private final SelectionSampler malformedSampler;
    private final SelectionSampler lostSampler;
    private final List<FaultKind> malformedKinds = FaultKind.malformedKinds();
    private final long[] malformedLeft;
    private final Malformer malformer;

    private final LabelQueue pending = new LabelQueue();
    private final ArrayDeque<GeneratedRecord> out = new ArrayDeque<>();
    private final long delayNanos;
    private long watermark = Long.MIN_VALUE;
    private long next;
    private long seq;
    private long malformedOrdinal;
    private boolean finished;

    // manifest state
    private final StreamDigest digest = new StreamDigest();
    private final List<Manifest.Fault> faults = new ArrayList<>();
    private final Map<FaultKind, Long> faultTally = new EnumMap<>(FaultKind.class);
    private long eventRecords;
    private long labelRecords;
    private Manifest manifest;

    // the row drawn last
    private Object drawnLabel;
    private double drawnProbability;

    /** A generator for {@code options}, with the dataset's built-in model. */
    public static DataGenerator create(GeneratorOptions options) {
        return new DataGenerator(options, DatasetModels.forName(options.dataset()));
    }

    /** A generator for {@code options} over {@code model} (whose spec names the dataset). */
    public DataGenerator(GeneratorOptions options, DatasetModel model) {
        this.options = options;
        this.model = model;
        this.spec = model.spec();
        this.eventCodec = new FeatureEventCodec(spec);
        this.labelCodec = new LabelEventCodec(spec);
        this.eventsTopic = Topics.events(spec.name());
        this.labelsTopic = Topics.labels(spec.name());
        this.idPrefix = spec.name() + "-" + options.seed() + "-";
        this.positive = model.positiveLabel();
        this.negative = model.negativeLabel();
        this.numericLabel = model.numericLabel();
        this.inline = options.labels() == Arrival.INLINE;
        this.n = options.events();
        this.intervalNanos = options.interval().toNanos();
        this.jitterMillis = options.jitter().toMillis();
        this.delayJitterMillis = options.labelDelayJitter().toMillis();
        this.delayNanos = options.labelDelay().toNanos();
        this.keyWidth = Math.max(6, Long.toString(options.customers() - 1L).length());
        if (!spec.name().equals(options.dataset())) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "dataset: options name " + options.dataset() + " but the model is for " + spec.name());
        }
        if (options.start().isBefore(spec.validation().earliest())) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "start: expected an instant at or after "
                            + spec.validation().earliest() + " (earlier events are rejected by the spec), got "
                            + options.start());
        }

        features = spec.features().toArray(FeatureSpec[]::new);
        traits = model.traits().toArray(FeatureTraits[]::new);
        names = new String[features.length];
        List<Integer> nullableList = new ArrayList<>();
        List<Integer> numericList = new ArrayList<>();
        for (int f = 0; f < features.length; f++) {
            names[f] = features[f].name();
            if (features[f].nullable()) {
                nullableList.add(f);
            }
            if (features[f].isNumeric()) {
                numericList.add(f);
            }
        }
        nullable = nullableList.stream().mapToInt(Integer::intValue).toArray();
        numeric = numericList.stream().mapToInt(Integer::intValue).toArray();
        shiftDelta = new double[features.length];

        int number = 0;
        for (Scenario s : options.scenarios()) {
            number++;
            if (s instanceof Scenario.Change c) {
                changes.add(resolve(number, c));
            }
        }

        long seed = options.seed();
        featureRng = Rng.stream(seed, "features");
        shiftRng = Rng.stream(seed, "shift");
        labelRng = Rng.stream(seed, "labels");
        priorRng = Rng.stream(seed, "prior");
        keyRng = Rng.stream(seed, "keys");
        timeRng = Rng.stream(seed, "time");
        delayRng = Rng.stream(seed, "labels.delay");
        nullRng = Rng.stream(seed, "faults.nulls");
        outlierRng = Rng.stream(seed, "faults.outliers");
        kindRng = Rng.stream(seed, "faults.malformed.kinds");
        malformedRng = Rng.stream(seed, "faults.malformed.values");

        Map<FaultKind, Long> counts = options.faultCounts();
        malformer = new Malformer(spec, model.traits());
        malformedLeft = new long[malformedKinds.size()];
        long malformedTotal = 0;
        for (int k = 0; k < malformedKinds.size(); k++) {
            FaultKind kind = malformedKinds.get(k);
            malformedLeft[k] = counts.get(kind);
            malformedTotal += malformedLeft[k];
            if (malformedLeft[k] > 0 && !malformer.supports(kind)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        kind.cliName() + ": dataset " + spec.name() + " has no field this fault can break");
            }
        }
        if (counts.get(FaultKind.NULLS) > 0 && nullable.length == 0) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "nulls: dataset " + spec.name() + " has no nullable feature");
        }
        nullSampler = new SelectionSampler(n, counts.get(FaultKind.NULLS), Rng.stream(seed, "positions.nulls"));
        outlierSampler =
                new SelectionSampler(n, counts.get(FaultKind.OUTLIERS), Rng.stream(seed, "positions.outliers"));
        malformedSampler = new SelectionSampler(n, malformedTotal, Rng.stream(seed, "positions.malformed"));
        lostSampler = new SelectionSampler(n, options.lostLabels(), Rng.stream(seed, "positions.lost_labels"));
        for (FaultKind k : FaultKind.values()) {
            faultTally.put(k, 0L);
        }
    }

    /** A change point resolved against this run. */
    private record Resolved(int number, Scenario.Change scenario, long start, long window, Instant[] firstTime) {
        double weight(long i) {
            if (i < start) {
                return 0.0;
            }
            return window <= 0 ? 1.0 : Math.min(1.0, (double) (i - start + 1) / window);
        }
    }

    private Resolved resolve(int number, Scenario.Change c) {
        long start = c.at().resolve(n, options.start(), options.interval());
        if (start > n) {
            String what = c.at() instanceof ChangeAt.AtTime t
                    ? t.instant() + " is after the last event of this run (event " + n + " would be at " + nominal(n)
                            + ")"
                    : "event index " + start + " is beyond the " + n + " events of this run";
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "scenario " + number + " \"" + c.text() + "\": at: " + what);
        }
        long window = c.window().resolve(n, options.interval());
        if (c instanceof PriorShift && numericLabel) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "scenario " + number + " \"" + c.text() + "\": prior: dataset " + spec.name() + " has a numeric"
                            + " label (" + spec.label().name() + "), so it has no class rate to shift; expected"
                            + " covariate or concept");
        }
        if (c instanceof CovariateShift cs) {
            String where = "scenario " + number + " \"" + c.text() + "\": ";
            for (CovariateShift.Target t : cs.features()) {
                FeatureSpec f = spec.feature(t.feature()).orElse(null);
                if (f == null) {
                    throw new MlcycleException(
                            Reason.INVALID_ARGUMENT,
                            where + "features: unknown feature \"" + t.feature() + "\"; known features: "
                                    + String.join(", ", spec.featureNames()));
                }
                if (f.isNumeric() != (t.category() == null)) {
                    throw new MlcycleException(
                            Reason.INVALID_ARGUMENT,
                            where + "features: " + t.feature() + " is "
                                    + f.type().yamlName()
                                    + (f.isNumeric()
                                            ? ", so it takes no target category"
                                            : ", so it needs a target category"));
                }
                if (!f.isNumeric()) {
                    List<String> levels = Scenarios.levels(f);
                    if (!levels.contains(t.category())) {
                        throw new MlcycleException(
                                Reason.INVALID_ARGUMENT,
                                where + "features: \"" + t.category() + "\" is not a category of " + t.feature()
                                        + "; expected one of " + levels);
                    }
                    if (!(cs.size() >= 0.0 && cs.size() <= 1.0)) {
                        throw new MlcycleException(
                                Reason.INVALID_ARGUMENT,
                                where + "size: a categorical feature moves a share of probability mass, so expected"
                                        + " a size in [0, 1], got " + cs.size());
                    }
                }
            }
        }
        return new Resolved(number, c, start, window, new Instant[1]);
    }

    public GeneratorOptions options() {
        return options;
    }

    public DatasetSpec spec() {
        return spec;
    }

    public String eventsTopic() {
        return eventsTopic;
    }

    public String labelsTopic() {
        return labelsTopic;
    }

    /** The id of valid event {@code index}. */
    public String eventId(long index) {
        return idPrefix + index;
    }

    // ---------------------------------------------------------------------------------------------
    // Iteration

    @Override
    public boolean hasNext() {
        while (out.isEmpty() && !finished) {
            step();
        }
        return !out.isEmpty();
    }

    @Override
    public GeneratedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the run is complete; see manifest()");
        }
        return out.poll();
    }

    /** Feeds every remaining record to {@code consumer} and returns the manifest. */
    public Manifest drain(Consumer<GeneratedRecord> consumer) {
        while (hasNext()) {
            consumer.accept(out.poll());
        }
        return manifest();
    }

    /**
     * Sends every remaining record to {@code sink}, then {@link RecordSink#finish() finishes} it (which
     * for Kafka waits until every record is acknowledged), and returns the manifest. The sink is not
     * closed.
     */
    public Manifest runInto(RecordSink sink) {
        while (hasNext()) {
            sink.accept(out.poll());
        }
        sink.finish();
        return manifest();
    }

    /** The manifest; available once the iteration is complete. */
    public Manifest manifest() {
        if (manifest == null) {
            throw new IllegalStateException("the manifest is complete only after the last record; " + (n - next)
                    + " valid events still to generate");
        }
        return manifest;
    }

    private void step() {
        if (next < n) {
            generate(next++);
        } else {
            while (!pending.isEmpty()) {
                emitDueLabel();
            }
            finished = true;
            manifest = buildManifest();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One valid event (and what comes before it)

    private Instant nominal(long i) {
        return options.start().plusNanos(i * intervalNanos);
    }

    private void generate(long i) {
        // Times are kept as nanoseconds after the start; options guarantee they fit in a long.
        long offset = i * intervalNanos + (jitterMillis > 0 ? timeRng.between(0, jitterMillis) * 1_000_000L : 0);
        Instant time = options.start().plusNanos(offset);
        watermark = Math.max(watermark, offset);
        while (!pending.isEmpty() && pending.peekDue() <= watermark) {
            emitDueLabel();
        }
        if (malformedSampler.next()) {
            emitMalformed(i);
        }

        String key = customer(keyRng.nextLong(options.customers()));
        Object[] row = draw(i);
        Object label = drawnLabel;
        double probability = drawnProbability;
        for (Resolved c : changes) {
            if (c.start() == i) {
                c.firstTime()[0] = time;
            }
        }

        List<InjectedFault> injected = List.of();
        if (nullSampler.next()) {
            injected = new ArrayList<>(2);
            injected.add(injectNull(row));
        }
        if (outlierSampler.next()) {
            if (injected.isEmpty()) {
                injected = new ArrayList<>(1);
            }
            injected.add(injectOutlier(row));
        }
        boolean lost = !inline && lostSampler.next();

        String id = idPrefix + i;
        Object inlineLabel = inline ? label : null;
        byte[] value = eventCodec.encode(id, key, time, row, inlineLabel);
        GeneratedRecord r = new GeneratedRecord(
                seq,
                RecordKind.EVENT,
                eventsTopic,
                key.getBytes(StandardCharsets.UTF_8),
                value,
                i,
                id,
                time,
                null,
                numericLabel
                        ? Truth.ofValue((Double) label, probability, !lost)
                        : Truth.ofClass((String) label, probability, !lost),
                injected,
                spec,
                row,
                inlineLabel);
        for (InjectedFault f : injected) {
            faults.add(new Manifest.Fault(f.kind().cliName(), seq, eventsTopic, key, id, f.field(), null, f.value()));
            faultTally.merge(f.kind(), 1L, Long::sum);
        }
        emit(r);

        if (!inline && !lost) {
            long jitter = delayJitterMillis > 0 ? delayRng.between(-delayJitterMillis, delayJitterMillis) : 0;
            pending.add(
                    offset + delayNanos + jitter * 1_000_000L,
                    i,
                    numericLabel ? (Double) label : positive.equals(label) ? 1.0 : 0.0);
        }
    }

    /**
     * Draws a row for event {@code i} under the scenarios in force; leaves the label in drawnLabel and P(positive |
     * x) (a class) or E[y | x] (a number) in drawnProbability.
     */
    private Object[] draw(long i) {
        double conceptKeep = 1.0; // weight of the base concept: prod(1 - strength * w)
        double rate = model.baseRate();
        boolean shifted = false;
        for (Resolved c : changes) {
            double w = c.weight(i);
            if (w <= 0.0) {
                continue;
            }
            if (c.scenario() instanceof ConceptDrift cd) {
                conceptKeep *= 1.0 - cd.strength() * w;
            } else if (c.scenario() instanceof PriorShift ps) {
                rate += w * (ps.rate() - rate);
            } else {
                shifted = true;
            }
        }
        double base = model.baseRate();
        double acceptPositive = 1.0;
        double acceptNegative = 1.0;
        boolean prior = rate != base;
        if (prior) {
            double a = rate / base;
            double b = (1.0 - rate) / (1.0 - base);
            double max = Math.max(a, b);
            acceptPositive = a / max;
            acceptNegative = b / max;
        }
        if (numericLabel) {
            // No prior shift (refused at start), so no rejection: one row, its mean, one noisy value.
            Object[] row = new Object[features.length];
            model.sample(featureRng, row);
            if (shifted) {
                applyCovariate(i, row);
            }
            double mean = model.mean(row);
            if (conceptKeep < 1.0) {
                mean = conceptKeep * mean + (1.0 - conceptKeep) * model.driftedMean(row);
            }
            drawnLabel = model.drawValue(mean, labelRng);
            drawnProbability = mean;
            return row;
        }
        for (long attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Object[] row = new Object[features.length];
            model.sample(featureRng, row);
            if (shifted) {
                applyCovariate(i, row);
            }
            double logit = model.logit(row);
            if (conceptKeep < 1.0) {
                logit = conceptKeep * logit + (1.0 - conceptKeep) * model.driftedLogit(row);
            }
            double p = DatasetModel.sigmoid(logit);
            boolean yes = labelRng.nextDouble() < p;
            if (prior) {
                if (priorRng.nextDouble() >= (yes ? acceptPositive : acceptNegative)) {
                    continue;
                }
                p = p * acceptPositive / (p * acceptPositive + (1.0 - p) * acceptNegative);
            }
            drawnLabel = yes ? positive : negative;
            drawnProbability = p;
            return row;
        }
        throw new MlcycleException(
                Reason.INTERNAL,
                "event " + i + ": no row accepted in " + MAX_ATTEMPTS + " draws; is the prior shift's target rate"
                        + " reachable?");
    }

    private void applyCovariate(long i, Object[] row) {
        boolean anyNumeric = false;
        for (Resolved c : changes) {
            if (!(c.scenario() instanceof CovariateShift cs)) {
                continue;
            }
            double w = c.weight(i);
            if (w <= 0.0) {
                continue;
            }
            for (CovariateShift.Target t : cs.features()) {
                int f = slot(t.feature());
                if (features[f].isNumeric()) {
                    shiftDelta[f] += w * cs.size() * traits[f].sd();
                    anyNumeric = true;
                } else if (shiftRng.nextDouble() < w * cs.size()) {
                    row[f] = features[f].type() == FeatureType.BOOLEAN ? Boolean.valueOf(t.category()) : t.category();
                }
            }
        }
        if (!anyNumeric) {
            return;
        }
        for (int f = 0; f < features.length; f++) {
            double delta = shiftDelta[f];
            if (delta == 0.0) {
                continue;
            }
            shiftDelta[f] = 0.0;
            if (row[f] == null) {
                continue;
            }
            double v = ((Number) row[f]).doubleValue();
            if (features[f].type() == FeatureType.INTEGER) {
                // Stochastic rounding keeps the mean shift exact for integers.
                double floor = Math.floor(delta);
                long moved = (long) v + (long) floor + (shiftRng.nextDouble() < delta - floor ? 1 : 0);
                row[f] = (long) clamp(moved, f);
            } else {
                row[f] = clamp(traits[f].round(v + delta), f);
            }
        }
    }

    private double clamp(double v, int f) {
        FeatureSpec fs = features[f];
        if (fs.min() != null && v < fs.min()) {
            v = fs.type() == FeatureType.INTEGER ? Math.ceil(fs.min()) : fs.min();
        }
        if (fs.max() != null && v > fs.max()) {
            v = fs.type() == FeatureType.INTEGER ? Math.floor(fs.max()) : fs.max();
        }
        return v;
    }

    private int slot(String name) {
        for (int f = 0; f < names.length; f++) {
            if (names[f].equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private InjectedFault injectNull(Object[] row) {
        int candidates = 0;
        for (int f : nullable) {
            if (row[f] != null) {
                candidates++;
            }
        }
        int pick = nullRng.nextInt(Math.max(1, candidates));
        for (int f : nullable) {
            if (row[f] != null && pick-- == 0) {
                row[f] = null;
                return new InjectedFault(FaultKind.NULLS, names[f], null);
            }
        }
        // Every nullable feature was null already: the fault is still counted, on the first.
        return new InjectedFault(FaultKind.NULLS, names[nullable[0]], null);
    }

    private InjectedFault injectOutlier(Object[] row) {
        int candidates = 0;
        for (int f : numeric) {
            if (row[f] != null) {
                candidates++;
            }
        }
        int pick = outlierRng.nextInt(Math.max(1, candidates));
        for (int f : numeric) {
            if (row[f] != null && pick-- == 0) {
                FeatureTraits t = traits[f];
                Object v;
                if (features[f].type() == FeatureType.INTEGER) {
                    long lo = (long) Math.ceil(t.outlierLow());
                    long hi = (long) Math.floor(t.outlierHigh());
                    v = (long) clamp(outlierRng.between(lo, hi), f);
                } else {
                    v = clamp(t.round(outlierRng.uniform(t.outlierLow(), t.outlierHigh())), f);
                }
                row[f] = v;
                return new InjectedFault(FaultKind.OUTLIERS, names[f], String.valueOf(v));
            }
        }
        throw new IllegalStateException("no numeric feature to push into its tail");
    }

    private String customer(long number) {
        String digits = Long.toString(number);
        StringBuilder sb = new StringBuilder(2 + keyWidth).append("c-");
        for (int k = digits.length(); k < keyWidth; k++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Malformed records and labels

    private void emitMalformed(long gap) {
        long left = 0;
        for (long l : malformedLeft) {
            left += l;
        }
        long r = kindRng.nextLong(left);
        int k = 0;
        while (r >= malformedLeft[k]) {
            r -= malformedLeft[k];
            k++;
        }
        malformedLeft[k]--;
        FaultKind kind = malformedKinds.get(k);

        long ordinal = malformedOrdinal++;
        Object[] row = new Object[features.length];
        model.sample(malformedRng, row);
        Object inlineLabel;
        if (numericLabel) {
            inlineLabel = model.drawValue(model.mean(row), malformedRng);
        } else {
            inlineLabel = malformedRng.nextDouble() < DatasetModel.sigmoid(model.logit(row)) ? positive : negative;
        }
        String key = customer(malformedRng.nextLong(options.customers()));
        String id = idPrefix + "bad-" + ordinal;
        Instant time = nominal(gap).plusMillis(jitterMillis > 0 ? malformedRng.between(0, jitterMillis) : 0);
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        for (int f = 0; f < features.length; f++) {
            values.put(names[f], row[f]);
        }
        FeatureEvent base = new FeatureEvent(id, key, time, values, inline ? inlineLabel : null);
        Malformer.Malformed m = malformer.make(kind, eventCodec.fields(base), malformedRng);
        String text = new String(m.value(), StandardCharsets.UTF_8);
        String carriedId = text.contains("\"" + spec.id() + "\":\"" + id + "\"") ? id : null;
        InjectedFault fault = new InjectedFault(kind, m.field(), null);
        faults.add(new Manifest.Fault(
                kind.cliName(),
                seq,
                eventsTopic,
                key,
                carriedId,
                m.field(),
                kind.expectedReason().name(),
                text));
        faultTally.merge(kind, 1L, Long::sum);
        emit(new GeneratedRecord(
                seq,
                RecordKind.MALFORMED,
                eventsTopic,
                key.getBytes(StandardCharsets.UTF_8),
                m.value(),
                gap,
                carriedId,
                time,
                null,
                null,
                List.of(fault),
                null,
                null,
                null));
    }

    /** Emits the delayed label due first (due times are nanoseconds after the start). */
    private void emitDueLabel() {
        long index = pending.peekIndex();
        String id = idPrefix + index;
        Object cls = numericLabel ? (Object) pending.peekValue() : pending.peekValue() != 0.0 ? positive : negative;
        Instant time = options.start().plusNanos(pending.peekDue());
        pending.poll();
        LabelEvent label = new LabelEvent(id, cls, time);
        emit(new GeneratedRecord(
                seq,
                RecordKind.LABEL,
                labelsTopic,
                id.getBytes(StandardCharsets.UTF_8),
                labelCodec.encode(label),
                index,
                id,
                time,
                label,
                null,
                List.of(),
                null,
                null,
                null));
    }

    private void emit(GeneratedRecord r) {
        digest.update(r.topic(), r.key(), r.value());
        if (r.kind() == RecordKind.LABEL) {
            labelRecords++;
        } else {
            eventRecords++;
        }
        seq++;
        out.add(r);
    }

    // ---------------------------------------------------------------------------------------------
    // Manifest

    private Manifest buildManifest() {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> sd = new LinkedHashMap<>();
        for (int f : numeric) {
            mean.put(names[f], traits[f].mean());
            sd.put(names[f], traits[f].sd());
        }
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("events", eventsTopic);
        topics.put("labels", labelsTopic);

        Map<String, Long> malformed = new LinkedHashMap<>();
        long malformedTotal = 0;
        for (FaultKind k : malformedKinds) {
            malformed.put(k.cliName(), faultTally.get(k));
            malformedTotal += faultTally.get(k);
        }
        Map<String, Long> records = new LinkedHashMap<>();
        records.put(eventsTopic, eventRecords);
        records.put(labelsTopic, labelRecords);
        Manifest.Counts counts = new Manifest.Counts(
                n,
                labelRecords,
                options.lostLabels(),
                faultTally.get(FaultKind.NULLS),
                faultTally.get(FaultKind.OUTLIERS),
                malformed,
                malformedTotal,
                records,
                eventRecords + labelRecords);

        List<Manifest.ChangePoint> points = new ArrayList<>();
        for (Resolved c : changes) {
            points.add(new Manifest.ChangePoint(
                    c.number(),
                    c.scenario().kind(),
                    c.scenario().text(),
                    c.start(),
                    c.window(),
                    c.start() + Math.max(c.window() - 1, 0),
                    c.firstTime()[0],
                    parameters(c.scenario())));
        }
        return new Manifest(
                Manifest.FORMAT,
                Manifest.GENERATOR,
                spec.name(),
                options.seed(),
                options.describe(),
                numericLabel
                        ? new Manifest.ModelInfo(null, null, mean, sd, model.labelMean(), model.labelSd())
                        : new Manifest.ModelInfo(positive, model.baseRate(), mean, sd, null, null),
                topics,
                counts,
                points,
                List.copyOf(faults),
                digest.hex());
    }

    private Map<String, Object> parameters(Scenario.Change s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("at", s.at().text());
        p.put("window", s.window().text());
        if (s instanceof CovariateShift cs) {
            p.put("size", cs.size());
            Map<String, Object> moves = new LinkedHashMap<>();
            for (CovariateShift.Target t : cs.features()) {
                int f = slot(t.feature());
                if (features[f].isNumeric()) {
                    moves.put(t.feature(), cs.size() * traits[f].sd());
                } else {
                    moves.put(t.feature(), t.category());
                }
            }
            // numeric: the full shift in the feature's units; categorical: the category gaining mass
            p.put("shifts", moves);
        } else if (s instanceof ConceptDrift cd) {
            p.put("strength", cd.strength());
        } else if (s instanceof PriorShift ps) {
            p.put("rate", ps.rate());
            p.put("base_rate", model.baseRate());
        }
        return p;
    }
}
