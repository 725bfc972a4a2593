package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.datagen.sink.RecordSink;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link RecordSink} that passes every record on to another sink (Kafka, a file) and also scores every valid
 * feature event online with serving-service, as a live client of the model would: events are gathered into Open
 * Inference Protocol infer requests of {@code batchRows} rows ({@link OipRequests}: one input per feature, typed by the
 * model's metadata, missing values as JSON {@code null}), each with the event's id ({@code event_id}, so that its late
 * label joins the logged prediction) and its event time ({@code event_time}, ISO-8601, so that monitoring windows by
 * the event's own time). Malformed records and labels are not scored.
 *
 * <p>At most {@code inFlight} requests are on the wire at once; the generator waits when they all are (it never runs
 * ahead of serving by more than that). A 429 is sent again after its {@code Retry-After} (1 s when it gives none, at
 * most {@value #MAX_RETRY_WAIT_SECONDS} s), up to {@value #MAX_OVERLOAD_RETRIES} times. Any other refusal (4xx, 5xx)
 * is counted with its rows, and the first {@value #SHOWN_ERRORS} are printed with the service's message and the row
 * it names. serving-service not answering at all stops the run: the next {@link #accept} or {@link #finish} throws.
 */
final class ServingSink implements RecordSink {
    static final int SHOWN_ERRORS = 5;
    static final int MAX_OVERLOAD_RETRIES = 60;
    static final long MAX_RETRY_WAIT_SECONDS = 30;
    static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(1);

    private static final Pattern ROW_IN_MESSAGE = Pattern.compile("\\brow (\\d+)");

    /**
     * How the sink batches.
     *
     * @param batchRows events per infer request, 1 or more
     * @param inFlight requests on the wire at once, 1 or more
     */
    record Options(int batchRows, int inFlight) {
        static final Options DEFAULTS = new Options(100, 4);

        Options {
            if (batchRows < 1 || batchRows > PredictCommand.MAX_CHUNK_ROWS) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--predict-batch: expected 1 to " + PredictCommand.MAX_CHUNK_ROWS + " rows per request, got "
                                + batchRows);
            }
            if (inFlight < 1 || inFlight > 64) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "--predict-in-flight: expected 1 to 64 requests, got " + inFlight);
            }
        }
    }

    /**
     * What the sink did.
     *
     * @param events valid events handed to serving (rows sent)
     * @param predicted rows answered
     * @param refused rows in refused requests
     * @param refusedRequests requests refused (after any 429 retries)
     * @param overloadRetries 429 answers that were retried
     * @param byVersion rows answered per model version
     */
    record Stats(
            long events,
            long predicted,
            long refused,
            long refusedRequests,
            long overloadRetries,
            Map<String, Long> byVersion) {}

    /** One request: the rows, and the generator's valid-event index of each. */
    private record Batch(String id, List<ObjectNode> rows, long[] indexes) {}

    private final RecordSink delegate;
    private final ServiceClient client;
    private final String path;
    private final OipRequests.Metadata metadata;
    private final DatasetSpec spec;
    private final Options options;
    private final PrintStream err;
    private final String requestPrefix;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong predicted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedRequests = new AtomicLong();
    private final AtomicLong overloadRetries = new AtomicLong();
    private final AtomicInteger shownErrors = new AtomicInteger();
    private final Map<String, Long> byVersion = new TreeMap<>();
    private final AtomicReference<MlcycleException> failure = new AtomicReference<>();
    private List<ObjectNode> rows = new ArrayList<>();
    private long[] indexes;
    private long requests;
    private boolean finished;

    /**
     * @param delegate where every record goes first
     * @param client serving-service
     * @param model the served model to ask
     * @param metadata the model's metadata ({@code GET /v2/models/M}), for the inputs' datatypes
     * @param spec the generated dataset's spec: its id and timestamp fields name the inputs that carry them
     * @param err where the first refusals are printed
     */
    ServingSink(
            RecordSink delegate,
            ServiceClient client,
            String model,
            OipRequests.Metadata metadata,
            DatasetSpec spec,
            Options options,
            PrintStream err,
            String requestPrefix) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.client = Objects.requireNonNull(client, "client");
        this.path = "/v2/models/" + ServiceClient.segment(model) + "/infer";
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.options = Objects.requireNonNull(options, "options");
        this.err = Objects.requireNonNull(err, "err");
        this.requestPrefix = requestPrefix;
        this.indexes = new long[options.batchRows()];
        this.slots = new Semaphore(options.inFlight());
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.inFlight(), r -> {
            Thread t = new Thread(r, "mlcycle-predict-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void accept(GeneratedRecord record) {
        throwIfFailed();
        delegate.accept(record);
        if (record.kind() != RecordKind.EVENT) {
            return;
        }
        indexes[rows.size()] = record.index();
        rows.add(row(record.event()));
        if (rows.size() == options.batchRows()) {
            submit();
        }
    }

    /** An event as one row: its features as the spec names them, its id and its event time. */
    ObjectNode row(FeatureEvent event) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        event.features().forEach((name, value) -> row.set(name, Json.mapper().valueToTree(value)));
        row.put(spec.id(), event.id());
        row.put(spec.timestamp(), event.timestamp().toString());
        return row;
    }

    private void submit() {
        Batch batch = new Batch(requestPrefix + "-" + ++requests, rows, java.util.Arrays.copyOf(indexes, rows.size()));
        rows = new ArrayList<>(options.batchRows());
        events.addAndGet(batch.rows().size());
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for serving-service", e);
        }
        workers.execute(() -> {
            try {
                send(batch);
            } catch (MlcycleException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(
                        null, new MlcycleException(Reason.INTERNAL, "scoring " + describe(batch) + " failed: " + e, e));
            } finally {
                slots.release();
            }
        });
    }

    private void send(Batch batch) {
        if (failure.get() != null) {
            return;
        }
        JsonNode request = OipRequests.request(batch.id(), batch.rows(), metadata, batch.indexes()[0]);
        for (int attempt = 0; ; attempt++) {
            ServiceClient.Exchange answer = client.exchangeJson(path, request);
            if (answer.ok()) {
                if (answer.json() == null) {
                    throw new MlcycleException(
                            Reason.INTERNAL,
                            "serving-service at " + client.base() + " answered " + describe(batch)
                                    + " with HTTP " + answer.status() + " but not with JSON: "
                                    + Text.cut(answer.body(), 200));
                }
                OipRequests.Response response =
                        OipRequests.response(answer.json(), batch.rows().size(), "serving-service at " + client.base());
                predicted.addAndGet(batch.rows().size());
                synchronized (byVersion) {
                    byVersion.merge(
                            response.version() == null ? "?" : response.version(),
                            (long) batch.rows().size(),
                            Long::sum);
                }
                return;
            }
            if (answer.status() == 429 && attempt < MAX_OVERLOAD_RETRIES) {
                overloadRetries.incrementAndGet();
                Duration wait = answer.retryAfter().orElse(DEFAULT_RETRY_WAIT);
                if (wait.toSeconds() > MAX_RETRY_WAIT_SECONDS) {
                    wait = Duration.ofSeconds(MAX_RETRY_WAIT_SECONDS);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting to retry a 429", e);
                }
                continue;
            }
            MlcycleException why = client.refused("POST", path, answer.status(), answer.json(), answer.body());
            refused.addAndGet(batch.rows().size());
            refusedRequests.incrementAndGet();
            if (shownErrors.getAndIncrement() < SHOWN_ERRORS) {
                show(batch, answer.status(), why.getMessage());
            }
            return;
        }
    }

    /** Prints a refusal: the events it covered, the service's message, and the row it names (else the first). */
    private void show(Batch batch, int status, String message) {
        int row = 0;
        Matcher m = ROW_IN_MESSAGE.matcher(message);
        if (m.find()) {
            long named = Long.parseLong(m.group(1));
            if (named >= 0 && named < batch.rows().size()) {
                row = (int) named;
            }
        }
        synchronized (err) {
            err.printf(
                    Locale.ROOT,
                    "mlcycle generate: serving-service refused %s (HTTP %d): %s%n  row %d (event %,d): %s%n",
                    describe(batch),
                    status,
                    Text.cut(message, 400),
                    row,
                    batch.indexes()[row],
                    Text.cut(batch.rows().get(row).toString(), 600));
            err.flush();
        }
    }

    private static String describe(Batch batch) {
        long[] ix = batch.indexes();
        return String.format(
                Locale.ROOT, "request %s (%d events, %,d to %,d)", batch.id(), ix.length, ix[0], ix[ix.length - 1]);
    }

    private void throwIfFailed() {
        MlcycleException f = failure.get();
        if (f != null) {
            throw new MlcycleException(
                    f.reason(),
                    f.getMessage() + "; " + predicted.get() + " of " + events.get()
                            + " events scored before serving-service failed, the run stopped there",
                    f);
        }
    }

    /**
     * Sends the last partial request, waits for every request to be answered, then finishes the delegate; throws if
     * serving-service stopped answering or the delegate fails.
     */
    @Override
    public void finish() {
        throwIfFailed();
        if (!finished) {
            if (!rows.isEmpty()) {
                submit();
            }
            try {
                slots.acquire(options.inFlight());
                slots.release(options.inFlight());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for serving-service", e);
            }
            finished = true;
        }
        throwIfFailed();
        delegate.finish();
    }

    /** Progress so far, e.g. {@code scored 4,800 (0 refused)}. */
    String progress() {
        long r = refused.get();
        return String.format(Locale.ROOT, "scored %,d", predicted.get())
                + (r > 0 ? String.format(Locale.ROOT, " (%,d refused)", r) : "");
    }

    Stats stats() {
        synchronized (byVersion) {
            return new Stats(
                    events.get(),
                    predicted.get(),
                    refused.get(),
                    refusedRequests.get(),
                    overloadRetries.get(),
                    java.util.Collections.unmodifiableMap(new TreeMap<>(byVersion)));
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
