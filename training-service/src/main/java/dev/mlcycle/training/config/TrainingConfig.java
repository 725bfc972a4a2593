package dev.mlcycle.training.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything training-service is configured with, under the prefix {@code training}. Each key can also be set by
 * environment variable ({@code training.data-dir} as {@code TRAINING_DATA_DIR}). Checked at start-up by
 * {@link TrainingConfigCheck}.
 */
@ConfigMapping(prefix = "training")
public interface TrainingConfig {
    /**
     * {@code training.data-dir}: the directory under which this service keeps its state: the model registry's
     * artifact store ({@code registry/}) and run reports ({@code training/}); it reads the lake ({@code lake/})
     * written by ingest-service. Default {@code $MLCYCLE_DATA_DIR}, else {@code data} in the working directory.
     * Created if missing; must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();

    /** {@code training.kafka.*}: the broker. */
    Kafka kafka();

    /** {@code training.auth.*}: who may start runs, promote and roll back. */
    Auth auth();

    /** {@code training.registry.*}: the registry log. */
    Registry registry();

    /** {@code training.followers.*}: how the topics behind the triggers (commits, alerts) are followed. */
    Followers followers();

    /** {@code training.http.*}: limits of the HTTP surface. */
    Http http();

    /** {@code training.runs.*}: how runs are executed. */
    Runs runs();

    /** {@code training.pins.*}: how long the lake keeps the data of model versions. */
    Pins pins();

    /**
     * {@code training.parent-pid}: a process id; when that process ends, the service stops too. {@code mlcycle up}
     * sets it (env {@code MLCYCLE_PARENT_PID}) so no service outlives the command that started it.
     */
    OptionalLong parentPid();

    /**
     * {@code training.models.<name>.*}: the models this service trains, by model name (lower case, digits, '-' and
     * '_'). The shipped configuration defines {@code credit-default} on the {@code credit} dataset.
     */
    Map<String, Model> models();

    interface Kafka {
        /** {@code training.kafka.bootstrap-servers}: the brokers; default {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers}")
        String bootstrapServers();
    }

    interface Auth {
        /**
         * {@code training.auth.token}: the bearer token admin calls (start a run, promote, roll back) must present;
         * it is accepted by the Alertmanager webhook too. When unset, the token is read from {@code token-file}, and
         * created there (random, owner-only) if that file does not exist.
         */
        Optional<String> token();

        /** {@code training.auth.token-file}: where the token lives; default {@code <data-dir>/admin-token}. */
        Optional<Path> tokenFile();

        /**
         * {@code training.auth.alert-token}: the bearer token of the Alertmanager webhook ({@code POST
         * /alertmanager}): it raises alerts and can do nothing else; every admin call refuses it. When unset, it is
         * read from {@code alert-token-file}, and created there (random, owner-only) if that file does not exist.
         */
        Optional<String> alertToken();

        /** {@code training.auth.alert-token-file}: where the alert token lives; default {@code <data-dir>/alert-token}. */
        Optional<Path> alertTokenFile();
    }

    interface Followers {
        /**
         * {@code training.followers.initial-backoff}: how long a follower whose consumer failed (the broker cannot be
         * reached, the consumer throws) waits before it starts a new one; doubled per consecutive failure.
         */
        @WithDefault("1s")
        Duration initialBackoff();

        /** {@code training.followers.max-backoff}: the longest wait between two restarts of a follower. */
        @WithDefault("1m")
        Duration maxBackoff();
    }

    interface Http {
        /**
         * {@code training.http.max-body-size}: the largest request body accepted, in bytes (suffixes K, M, G);
         * a larger one is answered 413 before it is read. Also sets {@code quarkus.http.limits.max-body-size}.
         */
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    interface Registry {
        /**
         * {@code training.registry.transactional-id}: the Kafka transactional id of the registry writer. A new
         * training-service with the same id fences the old one, so the registry has exactly one writer.
         */
        @WithDefault("mlcycle-registry-writer")
        String transactionalId();
    }

    interface Pins {
        /**
         * {@code training.pins.archived-retention}: how long after a version is archived its lake snapshots stay
         * pinned (so that it can still be retrained on exactly its data); a registered version's snapshots stay
         * pinned for as long as it is registered. Default 30 days.
         */
        @WithDefault("30d")
        Duration archivedRetention();
    }

    interface Runs {
        /** {@code training.runs.concurrency}: runs executing at once across all models (each is CPU bound). */
        @WithDefault("1")
        int concurrency();

        /** {@code training.runs.history}: finished runs kept in memory for the API (all stay on the topic). */
        @WithDefault("1000")
        int history();

        /**
         * {@code training.runs.catch-up.stall}: a run on the current lake snapshots first waits for ingest to land
         * what is already on the dataset's topics; it stops waiting when the lake has not moved for this long
         * (longer than ingest's {@code flush.idle}, so that a commit in the making is waited for).
         */
        @WithName("catch-up.stall")
        @WithDefault("20s")
        Duration catchUpStall();

        /** {@code training.runs.catch-up.max}: the longest a run waits for ingest to land what is on the topics. */
        @WithName("catch-up.max")
        @WithDefault("5m")
        Duration catchUpMax();
    }

    /** How one model is trained, gated and triggered. */
    interface Model {
        /** {@code dataset}: the dataset the model is trained on (its spec and lake tables). */
        String dataset();

        /** {@code trainer.*}: the algorithm and its parameters. */
        Trainer trainer();

        /** {@code seed}: the random seed of the split's tie-breaks, the trainer and the bootstrap. */
        @WithDefault("42")
        long seed();

        /**
         * {@code window}: train on the events of at most this long before the newest event of the snapshot; unset
         * means every event of the snapshot.
         */
        Optional<Duration> window();

        /** {@code split.*}: how the rows are split by event time. */
        Split split();

        /** {@code validation.*}: what the data must satisfy before anything is trained. */
        DataChecks validation();

        /** {@code gate.*}: what a candidate must reach to be registered. */
        Gate gate();

        /** {@code evaluation.*}: how the candidate is evaluated on the test split. */
        Evaluation evaluation();

        /** {@code triggers.*}: what starts a run besides a person. */
        Triggers triggers();
    }

    interface Trainer {
        /**
         * {@code algorithm}: {@code logistic-regression}, {@code xgboost}, {@code cart} or {@code random-forest} for
         * a categorical label; {@code linear-regression} or {@code xgboost} for a numeric one.
         */
        @WithDefault("logistic-regression")
        String algorithm();

        /** {@code params.<name>}: the algorithm's parameters; see the README for each algorithm's names. */
        Map<String, String> params();

        /**
         * {@code grid.<name>}: candidate values per parameter, comma separated; when set, every combination is scored
         * by k-fold cross-validation on the train split and the best one is trained.
         */
        Map<String, String> grid();

        /** {@code cv-folds}: folds of the cross-validation of a grid search, stratified for classification. */
        @WithDefault("3")
        int cvFolds();
    }

    interface Split {
        /** {@code train}: the share of rows, oldest first, the model is fitted on. */
        @WithDefault("0.7")
        double train();

        /** {@code validation}: the share after the train rows, evaluated and reported, never fitted on. */
        @WithDefault("0.15")
        double validation();
        // The newest rest is the test split the gate decides on.
    }

    interface DataChecks {
        /** {@code min-rows}: labelled rows the snapshot window must hold. */
        @WithDefault("1000")
        long minRows();

        /** {@code max-null-share}: the highest share of missing values a nullable feature may have. */
        @WithDefault("0.5")
        double maxNullShare();

        /** {@code min-class-share}: every class of a categorical label must make up at least this share. */
        @WithDefault("0.01")
        double minClassShare();

        /** {@code max-out-of-range-share}: the highest share of values outside the spec's range a feature may have. */
        @WithDefault("0.0")
        double maxOutOfRangeShare();
    }

    interface Gate {
        /** {@code min.<metric>}: the candidate's metric must be at least this, e.g. {@code min.roc_auc=0.7}. */
        Map<String, Double> min();

        /** {@code max.<metric>}: the candidate's metric must be at most this, e.g. {@code max.log_loss=0.5}. */
        Map<String, Double> max();

        /**
         * {@code compare-metric}: the metric the candidate must not lose on against the champion, both scored on the
         * same test split. Default {@code roc_auc} for classification, {@code rmse} for regression.
         */
        Optional<String> compareMetric();

        /** {@code tolerance}: how much worse than the champion the candidate may be on the compare metric. */
        @WithDefault("0.005")
        double tolerance();

        /**
         * {@code min-compare-rows}: test rows that must remain for the comparison with the champion once the rows
         * the champion may have been trained on are left out; fewer refuses the candidate with that reason.
         */
        @WithDefault("200")
        int minCompareRows();

        /**
         * {@code promote-to}: the alias a passing candidate gets: {@code champion}, or {@code challenger} for a
         * canary rollout that serving splits traffic for.
         */
        @WithDefault("champion")
        String promoteTo();
    }

    interface Evaluation {
        /** {@code bootstrap-resamples}: resamples of the test split for the metrics' confidence intervals. */
        @WithDefault("500")
        int bootstrapResamples();
    }

    interface Triggers {
        /** {@code cooldown}: after a run starts, further automatic triggers within this time are coalesced. */
        @WithDefault("10m")
        Duration cooldown();

        /** {@code schedule}: a cron expression (five fields, UTC: minute hour day month weekday), unset for none. */
        Optional<String> schedule();

        /** {@code new-rows}: retrain once this many labelled rows landed since the model's last run; unset for none. */
        OptionalLong newRows();

        /** {@code on-alert}: whether alerts about this model (mlcycle.alerts, Alertmanager) retrain it. */
        @WithDefault("true")
        boolean onAlert();
    }
}
