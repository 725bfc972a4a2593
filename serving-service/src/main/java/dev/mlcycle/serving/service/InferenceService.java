package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.Prediction;
import dev.mlcycle.contracts.record.PredictionRecord;
import dev.mlcycle.serving.batch.Admission;
import dev.mlcycle.serving.batch.MicroBatcher;
import dev.mlcycle.serving.host.Deployment;
import dev.mlcycle.serving.host.ServedVersion;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.oip.InferRequest;
import dev.mlcycle.serving.route.Rollout;
import dev.mlcycle.serving.route.Router;
import dev.mlcycle.serving.route.RoutingKeys;
import dev.mlcycle.stats.metrics.PositiveClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how one inference request is answered: which deployment and version (the one named, else the router's
 * choice between champion and challenger under the model's rollout), whether admission lets it in (429 at once, or
 * 504 when its deadline cannot be met), then queues it on that version's micro-batcher. When the answer comes it
 * releases the request's rows, logs one {@link PredictionRecord} per row, records the metrics and, under {@code
 * shadow}, scores the challenger off the request path.
 *
 * <p>Not a CDI bean: {@link ServingRuntime} builds it from the adapters, so it can be tested on its own.
 */
public final class InferenceService {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    /** The variant of a shadow scoring's logged predictions and metrics: the challenger, answering nobody. */
    public static final String SHADOW = "shadow";
    /** How many times a request retries when the version it chose was released between choosing and leasing. */
    private static final int LEASE_ATTEMPTS = 3;

    private final Function<String, Optional<Deployment<Admission, MicroBatcher>>> deployments;
    private final Function<String, Rollout> rollouts;
    private final Router router;
    private final Consumer<PredictionRecord> log;
    private final ServingMetrics metrics;
    private final Clock clock;
    private final Executor answers;

    /**
     * @param deployments the current deployment of a model, by name
     * @param rollouts each model's rollout
     * @param router chooses the variant
     * @param log where every prediction goes (never blocks)
     * @param metrics the metrics
     * @param clock the clock of deadlines and prediction timestamps
     * @param answers where answers are finished (rows released, predictions logged, the response encoded), so that
     *     a batcher's worker thread only predicts
     */
    public InferenceService(
            Function<String, Optional<Deployment<Admission, MicroBatcher>>> deployments,
            Function<String, Rollout> rollouts,
            Router router,
            Consumer<PredictionRecord> log,
            ServingMetrics metrics,
            Clock clock,
            Executor answers) {
        this.deployments = deployments;
        this.rollouts = rollouts;
        this.router = router;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        this.answers = answers;
    }

    /**
     * The deployment of a model.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} if it is not served
     */
    public Deployment<Admission, MicroBatcher> deployment(String model) {
        return deployments
                .apply(model)
                .orElseThrow(() -> new MlcycleException(
                        Reason.MODEL_NOT_FOUND,
                        "model \"" + model + "\" is not served here; GET /v2/models lists the models served and why"
                                + " one is not"));
    }

    /**
     * The version of a model that {@code /versions/{v}} addresses.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND} if that version is not loaded
     */
    public ServedVersion<MicroBatcher> version(Deployment<Admission, MicroBatcher> d, int version) {
        return d.version(version)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "model \"" + d.model() + "\" version " + version + " is not loaded here; loaded: "
                                + loaded(d)));
    }

    /**
     * Answers a decoded request.
     *
     * @param model the model named in the path
     * @param version the version named in the path, or null for the rollout's choice
     * @param request the decoded request
     * @param routingKey the {@code X-Mlcycle-Routing-Key} header, or null
     * @param headerTimeout the {@code Request-Timeout} header, or null
     * @return the answer, or a failure with a {@link MlcycleException}: {@link Reason#OVERLOADED}, {@link
     *     Reason#DEADLINE_EXCEEDED}, or the model's own error
     * @throws MlcycleException when refused before queueing (unknown model or version, admission)
     */
    public CompletableFuture<Answer> infer(
            String model, Integer version, InferRequest request, String routingKey, Duration headerTimeout) {
        return infer(model, version, request, routingKey, headerTimeout, null);
    }

    /**
     * Answers a decoded request, finishing it on {@code continueOn} when its batch ran on the batcher's worker (the
     * resource passes its event loop, so the answer is finished and encoded there without another thread pool); a
     * request the batcher ran directly, on the calling thread, is finished there and the future is already complete.
     *
     * @param continueOn where to finish an answer that comes from the worker, or null for the service's own pool
     * @see #infer(String, Integer, InferRequest, String, Duration)
     */
    public CompletableFuture<Answer> infer(
            String model,
            Integer version,
            InferRequest request,
            String routingKey,
            Duration headerTimeout,
            Executor continueOn) {
        long started = System.nanoTime();
        String requestId = request.id() != null && !request.id().isBlank()
                ? request.id()
                : UUID.randomUUID().toString();
        Frame frame = request.frame();
        Instant deadline = deadline(request.timeoutMicros(), headerTimeout);
        for (int attempt = 1; ; attempt++) {
            Deployment<Admission, MicroBatcher> d = deployment(model);
            Router.Choice<MicroBatcher> choice;
            if (version != null) {
                ServedVersion<MicroBatcher> named = version(d, version);
                choice = new Router.Choice<>(named, variantOf(named), Optional.empty());
            } else {
                String key = RoutingKeys.of(frame.rows() > 0 ? frame.eventId(0) : null, routingKey, requestId);
                choice = router.route(d, rollouts.apply(model), key);
            }
            ServedVersion<MicroBatcher> served = choice.answering();
            Optional<ServedVersion.Lease> lease = served.acquire();
            if (lease.isEmpty()) {
                if (attempt < LEASE_ATTEMPTS) {
                    continue; // swapped out between reading the deployment and leasing: read it again
                }
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "model \"" + model + "\" version " + served.version()
                                + " was released while the request was routed; retry");
            }
            return run(d, choice, lease.get(), frame, deadline, requestId, started, continueOn);
        }
    }

    private CompletableFuture<Answer> run(
            Deployment<Admission, MicroBatcher> d,
            Router.Choice<MicroBatcher> choice,
            ServedVersion.Lease lease,
            Frame frame,
            Instant deadline,
            String requestId,
            long started,
            Executor continueOn) {
        ServedVersion<MicroBatcher> served = choice.answering();
        String model = d.model();
        int rows = frame.rows();
        Admission.Permit permit;
        try {
            permit = d.admission().admit(rows, deadline, served.batcher().expectedWait(rows));
        } catch (MlcycleException e) {
            lease.close();
            metrics.rejected(model, e.reason().name().toLowerCase(java.util.Locale.ROOT));
            metrics.request(model, served.version(), choice.variant(), outcome(e), rows, since(started));
            throw e;
        }
        CompletableFuture<Outputs> outputs;
        try {
            outputs = served.batcher().submit(frame, deadline);
        } catch (RuntimeException e) {
            permit.close();
            lease.close();
            throw e;
        }
        BiFunction<Outputs, Throwable, Answer> finish = (out, error) -> {
            permit.close();
            lease.close();
            Duration latency = since(started);
            if (error != null) {
                MlcycleException e = unwrap(error);
                metrics.request(model, served.version(), choice.variant(), outcome(e), rows, latency);
                throw new CompletionException(e);
            }
            metrics.request(model, served.version(), choice.variant(), "ok", rows, latency);
            record(model, served.version(), choice.variant(), requestId, frame, out, latency);
            choice.shadow().ifPresent(s -> shadow(model, s, frame, requestId));
            return new Answer(model, served.version(), choice.variant(), requestId, out);
        };
        // Ran directly on this thread: finish here. Else finish on the caller's loop (or the pool), never on the
        // batcher's worker, which should only predict.
        return outputs.isDone()
                ? outputs.handle(finish)
                : outputs.handleAsync(finish, continueOn != null ? continueOn : answers);
    }

    /** Scores the challenger on the same rows off the request path; its answers are only logged. */
    private void shadow(String model, ServedVersion<MicroBatcher> shadow, Frame frame, String requestId) {
        Optional<ServedVersion.Lease> lease = shadow.acquire();
        if (lease.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        CompletableFuture<Outputs> f;
        try {
            f = shadow.batcher().submit(frame, null);
        } catch (RuntimeException e) {
            lease.get().close();
            metrics.request(model, shadow.version(), SHADOW, outcome(unwrap(e)), frame.rows(), since(started));
            return;
        }
        f.whenComplete((out, error) -> {
            lease.get().close();
            Duration latency = since(started);
            if (error != null) {
                metrics.request(model, shadow.version(), SHADOW, outcome(unwrap(error)), frame.rows(), latency);
                LOG.debug("shadow scoring of {} v{} failed: {}", model, shadow.version(), error.toString());
                return;
            }
            metrics.request(model, shadow.version(), SHADOW, "ok", frame.rows(), latency);
            record(model, shadow.version(), SHADOW, requestId, frame, out, latency);
        });
    }

    /** Logs one record per row and feeds the prediction distribution. */
    private void record(
            String model, int version, String variant, String requestId, Frame frame, Outputs out, Duration latency) {
        Instant now = clock.instant();
        double latencyMs = latency.toNanos() / 1e6;
        int positive = out.isClassification() ? PositiveClass.of(out.classes()) : PositiveClass.NONE;
        for (int r = 0; r < frame.rows(); r++) {
            Prediction p;
            if (out.isClassification()) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                List<String> classes = out.classes();
                for (int c = 0; c < classes.size(); c++) {
                    probabilities.put(classes.get(c), out.probabilities()[r][c]);
                }
                p = Prediction.ofLabel(out.labels()[r], probabilities);
                if (positive >= 0) {
                    metrics.prediction(model, variant, out.probabilities()[r][positive]);
                }
            } else {
                p = Prediction.ofValue(out.values()[r]);
                metrics.prediction(model, variant, out.values()[r]);
            }
            try {
                log.accept(new PredictionRecord(
                        requestId,
                        frame.eventId(r),
                        model,
                        version,
                        variant,
                        frame.row(r),
                        p,
                        now,
                        latencyMs,
                        frame.eventTime(r)));
            } catch (RuntimeException e) {
                LOG.warn("prediction of {} v{} row {} not logged: {}", model, version, r, e.toString());
            }
        }
    }

    /** The variant name of a version addressed by number: its alias, else {@code version}. */
    static String variantOf(ServedVersion<?> v) {
        if (v.aliases().contains(ModelRecord.CHAMPION)) {
            return ModelRecord.CHAMPION;
        }
        if (v.aliases().contains(ModelRecord.CHALLENGER)) {
            return ModelRecord.CHALLENGER;
        }
        return "version";
    }

    /** The earlier of the request's {@code parameters.timeout} (microseconds) and the header's timeout. */
    private Instant deadline(Long timeoutMicros, Duration headerTimeout) {
        Duration t = null;
        if (timeoutMicros != null) {
            t = Duration.ofNanos(Math.multiplyExact(timeoutMicros, 1000L));
        }
        if (headerTimeout != null && (t == null || headerTimeout.compareTo(t) < 0)) {
            t = headerTimeout;
        }
        return t == null ? null : clock.instant().plus(t);
    }

    private static String loaded(Deployment<?, ?> d) {
        StringBuilder s = new StringBuilder("v").append(d.champion().version()).append(" (champion)");
        d.challenger().ifPresent(c -> s.append(", v").append(c.version()).append(" (challenger)"));
        return s.toString();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    static MlcycleException unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MlcycleException m) {
            return m;
        }
        if (t instanceof IllegalArgumentException) {
            return new MlcycleException(Reason.INVALID_ARGUMENT, t.getMessage(), t);
        }
        return new MlcycleException(Reason.INTERNAL, "the model failed: " + t, t);
    }

    static String outcome(MlcycleException e) {
        return switch (e.reason()) {
            case OVERLOADED -> "overloaded";
            case DEADLINE_EXCEEDED -> "deadline";
            case INVALID_ARGUMENT, SCHEMA_MISMATCH, PAYLOAD_TOO_LARGE -> "invalid";
            case UNAVAILABLE -> "unavailable";
            default -> "error";
        };
    }
}
