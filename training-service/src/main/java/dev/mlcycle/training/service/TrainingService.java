package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.JsonCodec;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.Trigger;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.LabelSpec;
import dev.mlcycle.lake.LabelledSnapshotReader.Selection;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakePins;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.topics.TopicFollower;
import dev.mlcycle.training.adapter.LakeSnapshotReader;
import dev.mlcycle.training.adapter.TopicEnds;
import dev.mlcycle.training.adapter.TopicPublisher;
import dev.mlcycle.training.config.TrainingConfig;
import dev.mlcycle.training.learn.Algorithm;
import dev.mlcycle.training.service.RunDesk.Admission;
import dev.mlcycle.training.service.RunDesk.Coalesced;
import dev.mlcycle.training.service.RunDesk.Refused;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The training service's decisions: admits triggers (by hand, on schedule, on new labelled rows, on alerts) through
 * the {@link RunDesk}, runs admitted runs on a bounded pool with the {@link RunExecutor}, records every run state on
 * {@code mlcycle.training.runs}, and fronts the registry for promote and roll back.
 *
 * <p>At start it reads the run history from the topic, marks runs a previous process left unfinished as failed,
 * restores each model's cooldown, then follows {@code mlcycle.lake.commits} and {@code mlcycle.alerts} from their
 * beginning, counting only what came after each model's last run, so a restart neither loses a trigger nor
 * replays an old one. It is {@link #ready()} only once both followers have caught up with their topics and are
 * following them; a follower whose consumer fails restarts after a backoff, and is not ready meanwhile.
 */
@ApplicationScoped
public class TrainingService {
    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Inject
    TrainingConfig config;

    @Inject
    Scheduler scheduler;

    @Inject
    TrainingMetrics metrics;

    private final Clock clock = Clock.systemUTC();
    private final RunDesk desk = new RunDesk();
    private final Map<String, RunProgress> progress = new ConcurrentHashMap<>();
    private final List<TopicFollower<?>> followers = new CopyOnWriteArrayList<>();
    private NewRowsTrigger newRows;
    private ModelCatalog catalog;
    private RunBook book;
    private Lake lake;
    private Registry registry;
    private TopicPublisher publisher;
    private RunExecutor executor;
    private LakePinKeeper pins;
    private IngestCatchUp catchUp;
    private ExecutorService pool;
    private volatile boolean started;

    void onStart(@Observes @Priority(100) StartupEvent event) throws InterruptedException {
        catalog = new ModelCatalog(config.models(), new DatasetCatalog(config.dataDir()));
        book = new RunBook(config.runs().history());
        String bootstrap = config.kafka().bootstrapServers();
        publisher = new TopicPublisher(bootstrap);
        lake = Lake.open(config.dataDir().resolve("lake"));
        registry = Registry.open(
                bootstrap,
                config.dataDir().resolve("registry"),
                RegistryOptions.defaults().withTransactionalId(config.registry().transactionalId()));
        registry.bundles().sweepStaging(Duration.ofHours(1));
        pins = new LakePinKeeper(new LakePins(lake), config.pins().archivedRetention(), clock);
        pins.reconcile(registry.all().values(), Set.of());
        catchUp = new IngestCatchUp(
                new TopicEnds(bootstrap),
                lake,
                clock,
                config.runs().catchUpStall(),
                config.runs().catchUpMax());
        executor = new RunExecutor(
                new LakeSnapshotReader(lake),
                registry,
                config.dataDir().resolve("training").resolve("runs"),
                clock,
                metrics);
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.runs().concurrency(), r -> {
            Thread t = new Thread(r, "training-run-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });

        restoreHistory(bootstrap);
        newRows = new NewRowsTrigger(newRowsWatches(), book::lastRunAt);
        metrics.watchRegistry(registry, catalog);
        // Started before the followers: a replayed trigger is admitted, never refused as "starting".
        started = true;
        followers.add(follow(bootstrap, Topics.LAKE_COMMITS, Codecs.LAKE_COMMIT, this::onCommit));
        followers.add(follow(bootstrap, Topics.ALERTS, Codecs.ALERT, this::onAlert));
        followers.forEach(metrics::watchFollower);
        for (TopicFollower<?> f : followers) {
            if (!f.awaitCaughtUp(CATCH_UP)) {
                LOG.warnf(
                        "%s not caught up within %s (%s%s); not ready until it is",
                        f.topic(),
                        CATCH_UP,
                        f.state(),
                        f.lastError().map(e -> ", last error: " + e).orElse(""));
            }
        }
        for (ModelSettings s : catalog.all()) {
            config.models().get(s.model()).triggers().schedule().ifPresent(cron -> scheduler
                    .newJob("train-" + s.model())
                    .setCron(cron)
                    .setTask(ex -> trigger(s.model(), new Trigger(TriggerKind.SCHEDULE, cron, null, clock.instant())))
                    .schedule());
        }
        LOG.infof(
                "training-service started: models %s; ready once %s are caught up",
                catalog.all().stream().map(ModelSettings::model).toList(),
                followers.stream().map(TopicFollower::topic).toList());
    }

    private <T> TopicFollower<T> follow(
            String bootstrap, String topic, JsonCodec<T> codec, TopicFollower.Handler<T> handler) {
        TopicFollower.Options options = TopicFollower.Options.defaults("mlcycle-training-" + topic)
                .withBackoff(new TopicFollower.Backoff(
                        config.followers().initialBackoff(), config.followers().maxBackoff()))
                .withClock(clock);
        return TopicFollower.start(bootstrap, topic, codec, handler, options);
    }

    private List<NewRowsTrigger.Watch> newRowsWatches() {
        List<NewRowsTrigger.Watch> watches = new ArrayList<>();
        for (ModelSettings s : catalog.all()) {
            OptionalLong threshold = config.models().get(s.model()).triggers().newRows();
            if (threshold.isPresent()) {
                String labelledTable = s.spec().label().arrives() == LabelSpec.Arrival.INLINE ? "events" : "labels";
                watches.add(new NewRowsTrigger.Watch(s.model(), s.spec().name(), labelledTable, threshold.getAsLong()));
            }
        }
        return watches;
    }

    void onStop(@Observes ShutdownEvent event) {
        started = false;
        followers.forEach(TopicFollower::close);
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (lake != null) {
            lake.close();
        }
    }

    /**
     * Whether the service is ready: history restored, registry open, and every trigger topic's follower caught up
     * with what was on its topic at start and following it now (not backing off after a failure).
     */
    public boolean ready() {
        return started
                && !followers.isEmpty()
                && followers.stream().allMatch(f -> f.caughtUp() && f.state() == TopicFollower.State.FOLLOWING);
    }

    /**
     * How one trigger topic is being followed, for health checks.
     *
     * @param topic the topic
     * @param state where its follower is: starting, catching_up, following, backing_off, stopped
     * @param caughtUp whether it has handled everything that was on the topic at start
     * @param restarts how many times its consumer failed and was restarted
     * @param lastError the last failure, if any
     */
    public record FollowerStatus(
            String topic, String state, boolean caughtUp, int restarts, Optional<String> lastError) {}

    /** The trigger topics' followers, for health checks. */
    public List<FollowerStatus> followers() {
        return followers.stream()
                .map(f -> new FollowerStatus(
                        f.topic(),
                        f.state().name().toLowerCase(java.util.Locale.ROOT),
                        f.caughtUp(),
                        f.restarts(),
                        f.lastError()))
                .toList();
    }

    private void restoreHistory(String bootstrap) throws InterruptedException {
        try (TopicFollower<TrainingRun> history =
                follow(bootstrap, Topics.TRAINING_RUNS, Codecs.TRAINING_RUN, (r, replay) -> book.put(r))) {
            if (!history.awaitCaughtUp(CATCH_UP)) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE, "could not read " + Topics.TRAINING_RUNS + " within " + CATCH_UP);
            }
        }
        for (TrainingRun r : book.unfinished()) {
            record(r.failed(
                    "interrupted: the training-service running it stopped before it finished", clock.instant()));
        }
        for (ModelSettings s : catalog.all()) {
            book.lastRun(s.model())
                    .ifPresent(r -> desk.remember(
                            s.model(),
                            r.runId(),
                            r.startedAt() != null ? r.startedAt() : r.trigger().requestedAt()));
        }
    }

    // ---- triggers ----

    /** A request for a run by hand, with optional overrides. */
    public record ManualRequest(
            String model,
            String algorithm,
            Map<String, String> params,
            Long seed,
            Long snapshotId,
            Long labelsSnapshotId,
            String reason) {}

    /**
     * Asks for a run by hand.
     *
     * @return the queued run
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} for an unconfigured model, {@link
     *     Reason#INVALID_ARGUMENT} for a bad override, {@link Reason#CONFLICT} while a run of the model is in flight
     */
    public TrainingRun requestManual(ManualRequest request, String actor) {
        requireReady();
        ModelSettings settings = catalog.settings(request.model());
        if (request.algorithm() != null
                || (request.params() != null && !request.params().isEmpty())) {
            Algorithm algorithm =
                    request.algorithm() == null ? settings.algorithm() : Algorithm.of(request.algorithm());
            algorithm.requireFits(
                    settings.spec().label().isClassification(), settings.spec().name());
            Map<String, String> params = request.params() == null ? Map.of() : request.params();
            dev.mlcycle.training.learn.Hyperparameters.resolve(algorithm, params);
            settings = settings.withTrainer(algorithm, params);
        }
        if (request.seed() != null) {
            settings = settings.withSeed(request.seed());
        }
        String detail = request.reason();
        Trigger trigger = new Trigger(TriggerKind.MANUAL, detail, actor, clock.instant());
        return admit(settings, trigger, Selection.of(request.snapshotId(), request.labelsSnapshotId()));
    }

    /** Waits (bounded) for ingest to land what is on the dataset's topics; a failure to tell is only logged. */
    private void awaitIngest(ModelSettings settings, RunProgress runProgress) {
        try {
            catchUp.await(settings.spec(), runProgress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MlcycleException e) {
            LOG.warnf(
                    "cannot tell how far ingest is behind for %s: %s",
                    settings.spec().name(), e.getMessage());
        }
    }

    /** An automatic trigger (schedule, new data, alert); coalesced when the model is busy or cooling down. */
    public TrainingRun trigger(String model, Trigger trigger) {
        requireReady();
        return admit(catalog.settings(model), trigger, Selection.current());
    }

    private TrainingRun admit(ModelSettings settings, Trigger trigger, Selection snapshot) {
        Admission admission = desk.offer(settings.model(), trigger, settings.cooldown(), clock.instant());
        metrics.triggered(settings.model(), trigger.kind());
        if (admission instanceof Refused refused) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "model " + settings.model() + " is already training in run " + refused.running()
                            + "; wait for it (mlcycle runs) and ask again");
        }
        if (admission instanceof Coalesced coalesced) {
            TrainingRun record = TrainingRun.coalesced(
                    coalesced.runId(),
                    settings.model(),
                    settings.spec().name(),
                    trigger,
                    settings.seed(),
                    coalesced.into());
            record(record);
            metrics.finished(record);
            if (coalesced.inFlight()) {
                foldInto(coalesced.into(), trigger);
            }
            LOG.infof(
                    "%s trigger for %s coalesced into %s (%s)",
                    trigger.kind(),
                    settings.model(),
                    coalesced.into(),
                    coalesced.inFlight() ? "in flight" : "within the cooldown");
            return record;
        }
        String runId = admission.runId();
        resetNewRows(settings);
        TrainingRun queued =
                TrainingRun.queued(runId, settings.model(), settings.spec().name(), trigger, settings.seed());
        RunProgress runProgress = new RunProgress();
        progress.put(runId, runProgress);
        try {
            record(queued);
            pool.submit(() -> {
                try {
                    if (snapshot.events().isEmpty() && snapshot.labels().isEmpty()) {
                        awaitIngest(settings, runProgress);
                    }
                    TrainingRun current = book.get(runId).orElse(queued);
                    executor.execute(current, settings, snapshot, runProgress, this::record);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "run %s could not be recorded", runId);
                } finally {
                    desk.finished(settings.model(), runId);
                    progress.remove(runId);
                }
            });
        } catch (RuntimeException e) {
            desk.finished(settings.model(), runId);
            progress.remove(runId);
            throw e;
        }
        LOG.infof("run %s of %s queued (%s)", runId, settings.model(), trigger.kind());
        return queued;
    }

    /** Adds a trigger to the coalesced list of a run in flight, so its record says what it stands for. */
    private synchronized void foldInto(String runId, Trigger trigger) {
        book.get(runId).filter(r -> !r.status().terminal()).ifPresent(r -> {
            List<String> folded = new ArrayList<>(r.coalescedTriggers());
            folded.add(trigger.kind() + (trigger.detail() == null ? "" : ": " + trigger.detail()));
            book.put(r.withCoalescedTriggers(folded));
        });
    }

    /** Records a run state: on the topic first, then in memory. Keeps folded triggers the run learned meanwhile. */
    private synchronized void record(TrainingRun run) {
        TrainingRun merged = run;
        Optional<TrainingRun> known = book.get(run.runId());
        if (known.isPresent()
                && known.get().coalescedTriggers().size()
                        > run.coalescedTriggers().size()) {
            merged = run.withCoalescedTriggers(known.get().coalescedTriggers());
        }
        publisher.publish(Topics.TRAINING_RUNS, merged.runId(), Codecs.TRAINING_RUN.encode(merged));
        book.put(merged);
        pins.onRun(merged);
    }

    /** Counts labelled rows per model ({@link NewRowsTrigger}: each commit once) and triggers the models due. */
    private void onCommit(LakeCommit commit, boolean replay) {
        for (NewRowsTrigger.Due due : newRows.offer(commit, replay)) {
            trigger(due.model(), new Trigger(TriggerKind.NEW_DATA, due.detail(), null, clock.instant()));
        }
    }

    private void resetNewRows(ModelSettings s) {
        newRows.reset(s.model());
    }

    /**
     * Retrains on a firing alert about a model this service trains (a resolution retrains nothing). A live alert is always offered (and coalesced when
     * the model is busy or cooling down); a replayed one (from before this process started) only when it was
     * raised after the model's last run, so a restart does not act on alerts a run already answered.
     */
    private void onAlert(Alert alert, boolean replay) {
        if (!alert.isFiring()) {
            LOG.debugf("alert %s about %s resolved; nothing to retrain", alert.alertId(), alert.model());
            return;
        }
        ModelSettings s;
        try {
            s = catalog.settings(alert.model());
        } catch (MlcycleException e) {
            LOG.debugf("alert %s is about model %s, which this service does not train", alert.alertId(), alert.model());
            return;
        }
        if (!config.models().get(s.model()).triggers().onAlert()) {
            return;
        }
        Optional<Instant> last = book.lastRunAt(s.model());
        if (replay && last.isPresent() && !alert.raisedAt().isAfter(last.get())) {
            return;
        }
        TriggerKind kind =
                Alert.SOURCE_ALERTMANAGER.equals(alert.source()) ? TriggerKind.ALERTMANAGER : TriggerKind.ALERT;
        trigger(
                s.model(),
                new Trigger(kind, alert.alertId() + ": " + alert.summary(), alert.source(), clock.instant()));
    }

    /** Publishes an alert received from Alertmanager on {@code mlcycle.alerts}, where the trigger picks it up. */
    public void publishAlert(Alert alert) {
        requireReady();
        publisher.publish(Topics.ALERTS, alert.alertId(), Codecs.ALERT.encode(alert));
    }

    // ---- queries and registry ----

    /** Runs, newest first. */
    public List<TrainingRun> runs(String model, int limit) {
        requireReady();
        return book.list(model, limit);
    }

    /**
     * One run.
     *
     * @throws MlcycleException {@link Reason#NOT_FOUND}
     */
    public TrainingRun run(String runId) {
        requireReady();
        return book.get(runId)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "no run " + runId + " among the last " + config.runs().history()
                                + " (mlcycle runs lists them)"));
    }

    /** The progress of a run in flight. */
    public Optional<RunProgress> progress(String runId) {
        return Optional.ofNullable(progress.get(runId));
    }

    /** Where a run's data report is, if it was written. */
    public Optional<java.nio.file.Path> dataReport(String runId) {
        java.nio.file.Path p = executor.dataReport(runId);
        return java.nio.file.Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Every registered model. */
    public List<ModelRecord> models() {
        requireReady();
        return new ArrayList<>(registry.all().values());
    }

    /**
     * One model's record.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND}
     */
    public ModelRecord model(String name) {
        requireReady();
        return registry.get(name)
                .orElseThrow(() ->
                        new MlcycleException(Reason.MODEL_NOT_FOUND, "model " + name + " has no registered version"));
    }

    /** Points an alias at a version. */
    public ModelRecord promote(String model, int version, String alias, String actor, String reason) {
        requireReady();
        return registry.promote(model, version, alias, actor, reason);
    }

    /** Points the champion back at the version it pointed at before. */
    public ModelRecord rollback(String model, String actor, String reason) {
        requireReady();
        return registry.rollback(model, actor, reason);
    }

    private void requireReady() {
        if (!started) {
            throw new MlcycleException(Reason.UNAVAILABLE, "training-service is starting; try again in a moment");
        }
    }
}
