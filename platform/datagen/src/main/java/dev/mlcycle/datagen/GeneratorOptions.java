package dev.mlcycle.datagen;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.datagen.fault.FaultKind;
import dev.mlcycle.datagen.model.DatasetModels;
import dev.mlcycle.datagen.scenario.Scenario;
import dev.mlcycle.datagen.scenario.Scenarios;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a generated run. Same options, same bytes. Build with {@link #builder()};
 * the constructor checks every value and names the bad one in an {@link MlcycleException} with {@link
 * Reason#INVALID_ARGUMENT}.
 *
 * @param dataset the dataset name ({@code credit} or {@code housing})
 * @param seed the seed every random stream derives from
 * @param events the number of valid events N
 * @param start the nominal event time of event 0
 * @param interval the spacing of nominal event times
 * @param jitter the largest delay added to a nominal event time (uniform in [0, jitter], whole
 *     milliseconds); events are out of order by at most this much
 * @param customers the size of the customer-id pool keys are drawn from
 * @param labels whether labels travel inline or arrive later on the labels topic
 * @param labelDelay how long after its event a delayed label arrives, on average
 * @param labelDelayJitter the label delay varies uniformly by up to this much either way (at most {@code
 *     labelDelay})
 * @param labelLoss the share of delayed labels that never arrive (exactly {@code round(N * labelLoss)})
 * @param scenarios the drift scenarios, combined
 * @param faultRates per fault kind, a rate relative to N; the kind's count is {@code round(N * rate)}
 * @param malformedRate a total rate split evenly over the six malformed kinds, on top of {@code
 *     faultRates}; {@code round(N * rate)} records, the remainder going to the first kinds in {@link
 *     FaultKind} order
 */
public record GeneratorOptions(
        String dataset,
        long seed,
        long events,
        Instant start,
        Duration interval,
        Duration jitter,
        int customers,
        Arrival labels,
        Duration labelDelay,
        Duration labelDelayJitter,
        double labelLoss,
        List<Scenario> scenarios,
        Map<FaultKind, Double> faultRates,
        double malformedRate) {

    public static final String DEFAULT_DATASET = "credit";
    public static final long DEFAULT_SEED = 42L;
    public static final long DEFAULT_EVENTS = 10_000L;
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_JITTER = Duration.ofSeconds(2);
    public static final int DEFAULT_CUSTOMERS = 50_000;
    public static final Duration DEFAULT_LABEL_DELAY = Duration.ofDays(1);
    public static final Duration DEFAULT_LABEL_DELAY_JITTER = Duration.ofHours(6);

    public GeneratorOptions {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(labelDelay, "labelDelay");
        Objects.requireNonNull(labelDelayJitter, "labelDelayJitter");
        scenarios = List.copyOf(scenarios);
        EnumMap<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
        rates.putAll(faultRates);
        faultRates = Collections.unmodifiableMap(rates);

        if (events < 0) {
            bad("events: expected a number >= 0, got " + events);
        }
        if (interval.isNegative() || interval.isZero()) {
            bad("interval: expected a positive duration, got " + interval);
        }
        if (jitter.isNegative()) {
            bad("jitter: expected a duration >= 0, got " + jitter);
        }
        if (BigInteger.valueOf(interval.toNanos())
                        .multiply(BigInteger.valueOf(events))
                        .add(BigInteger.valueOf(jitter.toNanos()))
                        .bitLength()
                > 62) {
            bad("events x interval: expected a run shorter than 146 years, got " + events + " x " + interval);
        }
        if (customers < 1) {
            bad("customers: expected a pool size >= 1, got " + customers);
        }
        if (labelDelay.isNegative()) {
            bad("label delay: expected a duration >= 0, got " + labelDelay);
        }
        if (labelDelayJitter.isNegative() || labelDelayJitter.compareTo(labelDelay) > 0) {
            bad("label delay jitter: expected a duration between 0 and the label delay (" + labelDelay + "), got "
                    + labelDelayJitter);
        }
        rate("label loss", labelLoss);
        if (labelLoss > 0 && labels == Arrival.INLINE) {
            bad("label loss: only delayed labels can be lost, but labels are inline");
        }
        for (Map.Entry<FaultKind, Double> e : faultRates.entrySet()) {
            rate(e.getKey().cliName(), e.getValue());
        }
        rate("malformed", malformedRate);
        long malformed = 0;
        for (long c : malformedCounts(events, faultRates, malformedRate).values()) {
            malformed += c;
        }
        if (malformed > events) {
            bad("malformed: at most one malformed record per valid event, so expected at most " + events
                    + " malformed records, got " + malformed);
        }
    }

    private static void rate(String name, Double value) {
        if (value == null || !(value >= 0.0 && value <= 1.0)) {
            bad(name + ": expected a rate in [0, 1], got " + value);
        }
    }

    private static void bad(String message) {
        throw new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }

    /** The number of records of every fault kind for these options, in {@link FaultKind} order. */
    public Map<FaultKind, Long> faultCounts() {
        Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
        counts.put(FaultKind.NULLS, Math.round(events * faultRates.getOrDefault(FaultKind.NULLS, 0.0)));
        counts.put(FaultKind.OUTLIERS, Math.round(events * faultRates.getOrDefault(FaultKind.OUTLIERS, 0.0)));
        counts.putAll(malformedCounts(events, faultRates, malformedRate));
        return Collections.unmodifiableMap(counts);
    }

    private static Map<FaultKind, Long> malformedCounts(long n, Map<FaultKind, Double> rates, double total) {
        List<FaultKind> kinds = FaultKind.malformedKinds();
        long all = Math.round(n * total);
        long each = all / kinds.size();
        long remainder = all % kinds.size();
        Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
        for (int i = 0; i < kinds.size(); i++) {
            FaultKind k = kinds.get(i);
            counts.put(k, Math.round(n * rates.getOrDefault(k, 0.0)) + each + (i < remainder ? 1 : 0));
        }
        return counts;
    }

    /** The number of delayed labels that never arrive. */
    public long lostLabels() {
        return labels == Arrival.DELAYED ? Math.round(events * labelLoss) : 0;
    }

    /** The options as the manifest records them: every key, in a fixed order. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("seed", seed);
        m.put("events", events);
        m.put("start", start.toString());
        m.put("interval", interval.toString());
        m.put("jitter", jitter.toString());
        m.put("customers", customers);
        m.put("labels", labels.name().toLowerCase(Locale.ROOT));
        m.put("label_delay", labelDelay.toString());
        m.put("label_delay_jitter", labelDelayJitter.toString());
        m.put("label_loss", labelLoss);
        m.put("scenarios", scenarios.stream().map(Scenario::text).toList());
        Map<String, Double> rates = new LinkedHashMap<>();
        for (FaultKind k : FaultKind.values()) {
            rates.put(k.cliName(), faultRates.getOrDefault(k, 0.0));
        }
        m.put("fault_rates", rates);
        m.put("malformed_rate", malformedRate);
        return m;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy of these options with another seed. */
    public GeneratorOptions withSeed(long newSeed) {
        return new GeneratorOptions(
                dataset,
                newSeed,
                events,
                start,
                interval,
                jitter,
                customers,
                labels,
                labelDelay,
                labelDelayJitter,
                labelLoss,
                scenarios,
                faultRates,
                malformedRate);
    }

    /** Builds options; every setter has the default named in {@link GeneratorOptions}. */
    public static final class Builder {
        private String dataset = DEFAULT_DATASET;
        private long seed = DEFAULT_SEED;
        private long events = DEFAULT_EVENTS;
        private Instant start = DEFAULT_START;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration jitter = DEFAULT_JITTER;
        private int customers = DEFAULT_CUSTOMERS;
        private Arrival labels;
        private Duration labelDelay = DEFAULT_LABEL_DELAY;
        private Duration labelDelayJitter;
        private double labelLoss;
        private final List<Object> scenarios = new ArrayList<>();
        private final Map<FaultKind, Double> faultRates = new EnumMap<>(FaultKind.class);
        private double malformedRate;

        private Builder() {}

        /** The dataset, {@code credit} or {@code housing}; default {@code credit}. */
        public Builder dataset(String value) {
            this.dataset = value;
            return this;
        }

        /** The seed; default 42. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The number of valid events; default 10,000. */
        public Builder events(long value) {
            this.events = value;
            return this;
        }

        /** The nominal time of event 0; default 2026-01-01T00:00:00Z. */
        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        /** The spacing of event times; default 1 s. */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /** The largest event-time jitter (and out-of-orderness); default 2 s, 0 for strictly ordered times. */
        public Builder jitter(Duration value) {
            this.jitter = value;
            return this;
        }

        /** The customer pool size; default 50,000. */
        public Builder customers(int value) {
            this.customers = value;
            return this;
        }

        /** Inline or delayed labels; default: as the dataset spec's {@code label.arrives} says. */
        public Builder labels(Arrival value) {
            this.labels = value;
            return this;
        }

        /** The mean label delay; default 1 day. */
        public Builder labelDelay(Duration value) {
            this.labelDelay = value;
            return this;
        }

        /** The label delay's jitter either way; default a quarter of the delay (6 h for 1 day). */
        public Builder labelDelayJitter(Duration value) {
            this.labelDelayJitter = value;
            return this;
        }

        /** The share of delayed labels that never arrive; default 0. */
        public Builder labelLoss(double value) {
            this.labelLoss = value;
            return this;
        }

        /** Adds a scenario. */
        public Builder scenario(Scenario value) {
            scenarios.add(Objects.requireNonNull(value, "scenario"));
            return this;
        }

        /**
         * Adds scenarios in CLI syntax ({@code covariate:at=0.5,features=income,size=1}, several joined
         * by {@code ;}), parsed against the dataset's spec at {@link #build()}.
         */
        public Builder scenario(String text) {
            scenarios.add(Objects.requireNonNull(text, "scenario"));
            return this;
        }

        /** Sets the rate of one fault kind. */
        public Builder fault(FaultKind kind, double rate) {
            faultRates.put(kind, rate);
            return this;
        }

        /** The {@code malformed=R} shortcut: a total rate split evenly over the six malformed kinds. */
        public Builder malformed(double rate) {
            this.malformedRate = rate;
            return this;
        }

        /**
         * Sets fault rates from CLI syntax: {@code nulls=0.01,outliers=0.005,malformed=0.01,broken_json=0.001}.
         */
        public Builder faults(String text) {
            if (text == null || text.isBlank()) {
                return this;
            }
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    bad("faults: expected kind=rate, got \"" + part.trim() + "\"");
                }
                String name = part.substring(0, eq).trim();
                String v = part.substring(eq + 1).trim();
                double rate;
                try {
                    rate = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    rate = Double.NaN;
                }
                if (!(rate >= 0.0 && rate <= 1.0)) {
                    bad("faults: " + name + ": expected a rate in [0, 1], got \"" + v + "\"");
                }
                if (name.equalsIgnoreCase("malformed")) {
                    malformed(rate);
                } else {
                    fault(FaultKind.parse(name), rate);
                }
            }
            return this;
        }

        public GeneratorOptions build() {
            var model = DatasetModels.forName(dataset);
            List<Scenario> parsed = new ArrayList<>();
            int number = 1;
            for (Object s : scenarios) {
                if (s instanceof Scenario sc) {
                    parsed.add(sc);
                    number++;
                } else {
                    for (String part : ((String) s).split(";", -1)) {
                        parsed.add(Scenarios.parseOne(number++, part, model.spec()));
                    }
                }
            }
            Arrival arrival = labels != null ? labels : model.spec().label().arrives();
            Duration delayJitter = labelDelayJitter != null
                    ? labelDelayJitter
                    : labelDelay.isNegative() ? Duration.ZERO : labelDelay.dividedBy(4);
            return new GeneratorOptions(
                    dataset,
                    seed,
                    events,
                    start,
                    interval,
                    jitter,
                    customers,
                    arrival,
                    labelDelay,
                    delayJitter,
                    labelLoss,
                    parsed,
                    faultRates,
                    malformedRate);
        }
    }
}
