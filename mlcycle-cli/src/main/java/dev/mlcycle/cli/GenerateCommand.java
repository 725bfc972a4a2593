package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.fault.FaultKind;
import dev.mlcycle.datagen.manifest.Manifest;
import dev.mlcycle.datagen.manifest.ManifestJson;
import dev.mlcycle.datagen.sink.JsonlSink;
import dev.mlcycle.datagen.sink.KafkaSink;
import dev.mlcycle.datagen.sink.RecordSink;
import dev.mlcycle.kafka.local.TopicProvisioner;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle generate}: streams a generated dataset with scheduled drift and injected faults into
 * Kafka (or a JSON-lines file), shows progress, and writes the ground-truth manifest.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Stream a generated dataset into Kafka: N valid events, their labels, and the faults asked for.",
            "Deterministic: the same options and seed give byte-identical records in the same order.",
            "Writes a ground-truth manifest of every change point and every injected fault."
        },
        footer = {
            "",
            "Scenarios (repeat --scenario to mix them; at = event index, fraction, percentage or ISO instant):",
            "  stationary",
            "  covariate:at=50%%,features=income|utilization,size=1.0     numeric: mean moves size x sd",
            "  concept:at=0.6,strength=1                                  the label function changes",
            "  prior:at=2026-01-05T00:00:00Z,rate=0.35                    P(default) moves, P(x|y) stays",
            "Faults (rates relative to --events): nulls, outliers (valid records); broken_json, wrong_type,",
            "  missing_field, unknown_category, out_of_range, bad_timestamp (malformed, sent in addition).",
            "",
            "Example: mlcycle generate --events 100000 --rate 20000 --scenario covariate:at=50%%,features=income,size=1 --malformed 0.01",
            "Live traffic for monitoring: mlcycle generate --events 20000 --seed 7 --predict credit-default"
        })
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = GeneratorOptions.DEFAULT_DATASET,
            description =
                    "Dataset to generate: credit (a class label) or housing (a numeric label); default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Valid events to generate (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Events per second, paced smoothly; 0 = as fast as the broker takes them (default).")
    double rate;

    @Option(
            names = "--scenario",
            paramLabel = "SPEC",
            description = "A drift scenario; repeat to mix (default: stationary).")
    List<String> scenarios;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "42",
            description = "Seed of every random stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--labels",
            paramLabel = "inline|delayed",
            description =
                    "Labels inside the events, or later on the labels topic (default: the spec's, delayed for credit).")
    Arrival labels;

    @Option(
            names = "--label-delay",
            paramLabel = "DURATION",
            defaultValue = "1d",
            description = "Mean delay of delayed labels in event time (default: ${DEFAULT-VALUE}).")
    String labelDelay;

    @Option(
            names = "--label-loss",
            paramLabel = "RATE",
            defaultValue = "0",
            description = "Share of delayed labels that never arrive (default: ${DEFAULT-VALUE}).")
    double labelLoss;

    @Option(
            names = "--malformed",
            paramLabel = "RATE",
            defaultValue = "0",
            description =
                    "Malformed records, split evenly over the six kinds, as a share of --events (default: ${DEFAULT-VALUE}).")
    double malformed;

    @Option(
            names = "--faults",
            paramLabel = "KIND=RATE,...",
            description = "Per-kind fault rates, e.g. nulls=0.01,outliers=0.002,broken_json=0.001.")
    String faults;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description = "Event time of the first event (default: 2026-01-01T00:00:00Z).")
    String start;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "Event-time spacing of events (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(
            names = "--customers",
            paramLabel = "N",
            defaultValue = "50000",
            description = "Size of the customer pool keys are drawn from (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--output", paramLabel = "FILE", description = "Write JSON lines to this file instead of Kafka.")
    Path output;

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description =
                    "Where to write the manifest (default: <data-dir>/generated/<dataset>-seed<S>.manifest.json).")
    Path manifestFile;

    @Option(
            names = "--allow-future",
            description = "Generate event times later than a day from now (ingest rejects those).")
    boolean allowFuture;

    @Option(
            names = "--predict",
            paramLabel = "MODEL",
            description = "Also score every valid event online with this served model (serving-service's Open Inference"
                    + " Protocol endpoint), with its event id and event time, as live traffic for monitoring.")
    String predict;

    @Option(
            names = "--serving-url",
            paramLabel = "URL",
            description = "serving-service, for --predict (default: $" + PredictCommand.URL_ENV + " or "
                    + PredictCommand.DEFAULT_URL + ").")
    String servingUrl;

    @Option(
            names = "--predict-batch",
            paramLabel = "N",
            defaultValue = "100",
            description = "Events per infer request with --predict (default: ${DEFAULT-VALUE}).")
    int predictBatch;

    @Option(
            names = "--predict-in-flight",
            paramLabel = "N",
            defaultValue = "4",
            description = "Infer requests on the wire at once with --predict (default: ${DEFAULT-VALUE}).")
    int predictInFlight;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The clock the "event times in the future" check reads; tests may replace it. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GeneratorOptions options = options();
        DataGenerator generator = DataGenerator.create(options);
        checkEventTimesAreNotInTheFuture(options, generator.spec().validation().maxFuture());

        long total = expectedRecords(options);
        Path manifestPath = manifestFile != null
                ? manifestFile
                : common.dataDir()
                        .resolve("generated")
                        .resolve(options.dataset() + "-seed" + options.seed() + ".manifest.json");
        PrintStream err = System.err;
        Progress progress = new Progress(err, "records", total, System.console() != null);

        Scoring scoring = predict == null ? null : scoring(generator);
        long startNanos = System.nanoTime();
        Manifest manifest;
        String target;
        ServingSink serving = null;
        if (output != null) {
            target = output.toString();
            if (output.getParent() != null) {
                Files.createDirectories(output.toAbsolutePath().getParent());
            }
            try (RecordSink sink = withScoring(new JsonlSink(output), scoring, generator, progress)) {
                serving = sink instanceof ServingSink s ? s : null;
                manifest = runWithProgress(generator, sink, progress);
            }
        } else {
            String bootstrap = common.bootstrap();
            target = "Kafka at " + bootstrap;
            ensureTopics(bootstrap, options.dataset());
            double recordsPerSecond = rate <= 0 ? 0 : rate * ((double) total / Math.max(1, options.events()));
            KafkaSink.Options sinkOptions =
                    KafkaSink.Options.defaults(p -> progress.update(p.acked())).withRate(recordsPerSecond);
            try (RecordSink sink =
                    withScoring(KafkaSink.connect(bootstrap, Map.of(), sinkOptions), scoring, generator, progress)) {
                serving = sink instanceof ServingSink s ? s : null;
                manifest = generator.runInto(sink);
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        progress.finish(manifest.counts().recordsTotal());
        Files.createDirectories(manifestPath.toAbsolutePath().getParent());
        ManifestJson.write(manifest, manifestPath);

        Manifest.Counts c = manifest.counts();
        out.printf(
                Locale.ROOT,
                "Generated %s into %s in %.1f s (%,.0f events/s).%n",
                options.dataset(),
                target,
                seconds,
                c.validEvents() / Math.max(seconds, 1e-9));
        out.printf(
                Locale.ROOT,
                "  %-22s %,d valid%s%n",
                generator.eventsTopic(),
                c.validEvents(),
                c.malformedTotal() > 0
                        ? String.format(Locale.ROOT, " + %,d malformed %s", c.malformedTotal(), nonZero(c.malformed()))
                        : "");
        if (options.labels() == Arrival.DELAYED) {
            out.printf(
                    Locale.ROOT,
                    "  %-22s %,d labels (%,d never arrive)%n",
                    generator.labelsTopic(),
                    c.labels(),
                    c.labelsLost());
        } else {
            out.printf(Locale.ROOT, "  labels inline in every event%n");
        }
        if (c.nulls() + c.outliers() > 0) {
            out.printf(Locale.ROOT, "  in valid events: %,d nulls, %,d outliers%n", c.nulls(), c.outliers());
        }
        for (Manifest.ChangePoint cp : manifest.changePoints()) {
            out.printf(
                    Locale.ROOT,
                    "  change point: %s at event %,d (%s)%n",
                    cp.spec(),
                    cp.index(),
                    cp.eventTime() == null ? "after the run" : cp.eventTime().toString());
        }
        out.printf(Locale.ROOT, "  manifest %s%n  sha256   %s%n", manifestPath, manifest.sha256());
        int status = 0;
        if (serving != null) {
            ServingSink.Stats st = serving.stats();
            out.printf(
                    Locale.ROOT,
                    "  scored by %s at %s: %,d of %,d events (%s)%s%n",
                    predict,
                    scoring.client().base(),
                    st.predicted(),
                    st.events(),
                    st.byVersion().isEmpty()
                            ? "no version answered"
                            : st.byVersion().entrySet().stream()
                                    .map(e -> String.format(Locale.ROOT, "version %s: %,d", e.getKey(), e.getValue()))
                                    .collect(java.util.stream.Collectors.joining(", ")),
                    st.overloadRetries() > 0
                            ? String.format(Locale.ROOT, ", %,d requests retried after 429", st.overloadRetries())
                            : "");
            if (st.refused() > 0) {
                out.printf(
                        Locale.ROOT,
                        "  refused: %,d events in %,d requests (the first %d shown above)%n",
                        st.refused(),
                        st.refusedRequests(),
                        Math.min(ServingSink.SHOWN_ERRORS, st.refusedRequests()));
                status = Main.EXIT_FAILURE;
            }
        }
        out.flush();
        return status;
    }

    /** serving-service and the model's metadata, read before anything is generated so that a wrong model fails fast. */
    record Scoring(ServiceClient client, OipRequests.Metadata metadata) {}

    private Scoring scoring(DataGenerator generator) {
        try {
            Topics.requireModelName(predict);
        } catch (MlcycleException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--predict: " + e.getMessage());
        }
        new ServingSink.Options(predictBatch, predictInFlight);
        ServiceClient client = new ServiceClient(
                PredictCommand.SERVING,
                ServiceClient.baseUrl(PredictCommand.SERVING, servingUrl, System.getenv(PredictCommand.URL_ENV)),
                null,
                null);
        JsonNode metadata = client.get("/v2/models/" + ServiceClient.segment(predict));
        String dataset = metadata.path("parameters").path("dataset").asText(null);
        if (dataset != null && !dataset.equals(generator.spec().name())) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "--predict " + predict + ": the model scores the dataset \"" + dataset + "\", not \""
                            + generator.spec().name() + "\" (--dataset)");
        }
        return new Scoring(client, OipRequests.Metadata.of(metadata));
    }

    private RecordSink withScoring(RecordSink sink, Scoring scoring, DataGenerator generator, Progress progress) {
        if (scoring == null) {
            return sink;
        }
        ServingSink serving = new ServingSink(
                sink,
                scoring.client(),
                predict,
                scoring.metadata(),
                generator.spec(),
                new ServingSink.Options(predictBatch, predictInFlight),
                System.err,
                "gen-" + generator.options().seed() + "-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8));
        progress.detail(serving::progress);
        return serving;
    }

    private Manifest runWithProgress(DataGenerator generator, RecordSink sink, Progress progress) {
        long[] n = {0};
        Manifest m = generator.drain(r -> {
            sink.accept(r);
            progress.update(++n[0]);
        });
        sink.finish();
        return m;
    }

    GeneratorOptions options() {
        GeneratorOptions.Builder b = GeneratorOptions.builder()
                .dataset(dataset)
                .seed(seed)
                .events(events)
                .interval(duration("--interval", interval))
                .customers(customers)
                .labelDelay(duration("--label-delay", labelDelay))
                .labelLoss(labelLoss)
                .malformed(malformed);
        if (!Topics.DATASET_NAME.matcher(dataset).matches()) {
            Topics.requireDatasetName(dataset);
        }
        if (start != null) {
            try {
                b.start(Instant.parse(start));
            } catch (DateTimeParseException e) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--start: expected an ISO-8601 instant like 2026-01-01T00:00:00Z, got \"" + start + "\"");
            }
        }
        if (labels != null) {
            b.labels(labels);
        }
        if (scenarios != null) {
            scenarios.forEach(b::scenario);
        }
        if (faults != null) {
            b.faults(faults);
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--rate: expected events per second >= 0, got " + rate);
        }
        return b.build();
    }

    /** Ingest refuses event times more than the spec's max_future past its clock: say so now, not after. */
    private void checkEventTimesAreNotInTheFuture(GeneratorOptions o, Duration maxFuture) {
        if (allowFuture || o.events() == 0) {
            return;
        }
        Instant last = o.start().plus(o.interval().multipliedBy(o.events())).plus(o.jitter());
        Instant latest = clock.instant().plus(maxFuture);
        if (last.isAfter(latest)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "the last event time would be " + last + ", more than " + maxFuture + " from now ("
                            + clock.instant()
                            + "), and ingest rejects such events; use an earlier --start, a shorter --interval or"
                            + " fewer --events, or --allow-future to generate them anyway");
        }
    }

    /** Every record the run will send: valid events, malformed records and delayed labels. */
    static long expectedRecords(GeneratorOptions o) {
        long malformedRecords = 0;
        for (Map.Entry<FaultKind, Long> e : o.faultCounts().entrySet()) {
            if (e.getKey().malformed()) {
                malformedRecords += e.getValue();
            }
        }
        long labelRecords = o.labels() == Arrival.DELAYED ? o.events() - o.lostLabels() : 0;
        return o.events() + malformedRecords + labelRecords;
    }

    private static void ensureTopics(String bootstrap, String dataset) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            TopicProvisioner.ensureTopics(admin, Topics.datasetTopics(dataset), (short) 1, Duration.ofSeconds(15));
        } catch (MlcycleException e) {
            throw new MlcycleException(
                    e.reason(), e.getMessage() + "; is Kafka running at " + bootstrap + "? (mlcycle up)", e);
        }
    }

    private static Duration duration(String option, String text) {
        Duration d = DatasetSpecs.parseDuration(text);
        if (d == null) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    option + ": expected a duration like 1s, 500ms, 12h, 1d or PT1S, got \"" + text + "\"");
        }
        return d;
    }

    private static String nonZero(Map<String, Long> byKind) {
        StringBuilder sb = new StringBuilder("(");
        byKind.forEach((k, v) -> {
            if (v > 0) {
                sb.append(sb.length() > 1 ? ", " : "")
                        .append(k)
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%,d", v));
            }
        });
        return sb.append(')').toString();
    }
}
