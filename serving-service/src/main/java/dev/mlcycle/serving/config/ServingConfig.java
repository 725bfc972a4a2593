package dev.mlcycle.serving.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything serving-service is configured with, under the prefix {@code serving}. Each key can also be set by
 * environment variable ({@code serving.data-dir} as {@code SERVING_DATA_DIR}). Checked at start-up by {@link
 * ServingConfigCheck}.
 */
@ConfigMapping(prefix = "serving")
public interface ServingConfig {
    /**
     * {@code serving.data-dir}: the directory under which this service keeps its state: where it reads model
     * bundles from (the registry's artifact store, {@code registry/}) and the lake batch scoring reads and writes
     * ({@code lake/}). Default {@code $MLCYCLE_DATA_DIR}, else {@code data} in the working directory. Created if
     * missing; must be a writable directory.
     */
    @WithDefault("${MLCYCLE_DATA_DIR:data}")
    Path dataDir();

    /** {@code serving.kafka.*}: the broker. */
    Kafka kafka();

    /**
     * {@code serving.models}: the models to serve, by name; empty (the default) serves every model in the
     * registry.
     */
    Optional<List<String>> models();

    /** {@code serving.batching.*}: micro-batching per model version. */
    Batching batching();

    /** {@code serving.admission.*}: admission control per model. */
    Admission admission();

    /** {@code serving.versions.*}: which versions stay loaded. */
    Versions versions();

    /** {@code serving.rollout."<model>".*}: how traffic is shared between champion and challenger, per model. */
    Map<String, Rollout> rollout();

    /** {@code serving.log.*}: the prediction log. */
    Log log();

    /** {@code serving.http.*}: limits of the HTTP surface. */
    Http http();

    /** {@code serving.auth.*}: who may start batch jobs. */
    Auth auth();

    /** {@code serving.score.*}: batch scoring. */
    Score score();

    /** {@code serving.bench.*}: benchmark aids, off by default. */
    Bench bench();

    /**
     * {@code serving.parent-pid}: a process id; when that process ends, the service stops too. {@code mlcycle up}
     * sets it (env {@code MLCYCLE_PARENT_PID}) so no service outlives the command that started it.
     */
    OptionalLong parentPid();

    interface Kafka {
        /** {@code serving.kafka.bootstrap-servers}: the brokers; default {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers}")
        String bootstrapServers();
    }

    interface Batching {
        /** {@code serving.batching.max-batch-rows}: a batch runs as soon as it holds this many rows. */
        @WithDefault("64")
        int maxBatchRows();

        /**
         * {@code serving.batching.max-delay}: a batch runs at the latest when its oldest request has waited this
         * long; {@code 0} (the default, measured in DESIGN.md) runs every batch at once, batching what queued while
         * the model was busy.
         */
        @WithDefault("0ms")
        Duration maxDelay();

        /**
         * {@code serving.batching.direct-budget}: when a version's batcher is idle and {@code max-delay} is 0, a
         * request expected to run within this budget runs at once on the thread that received it, without the
         * hand-off to the batcher's worker; {@code 0} hands every request over (DESIGN.md).
         */
        @WithDefault("1ms")
        Duration directBudget();
    }

    interface Admission {
        /** {@code serving.admission.max-rows-in-flight}: rows admitted and not yet answered, per model. */
        @WithDefault("4096")
        int maxRowsInFlight();

        /** {@code serving.admission.max-queued-requests}: requests waiting for a batch, per model. */
        @WithDefault("1024")
        int maxQueuedRequests();
    }

    interface Versions {
        /**
         * {@code serving.versions.retained}: how many of the latest served versions stay loaded and addressable by
         * {@code /versions/{v}} after a swap, besides the champion and the challenger.
         */
        @WithDefault("3")
        int retained();

        /** {@code serving.versions.warm-up-rows}: synthetic rows a new version scores before it serves. */
        @WithDefault("256")
        int warmUpRows();
    }

    interface Rollout {
        /** {@code serving.rollout."<model>".mode}: {@code champion} (default), {@code canary} or {@code shadow}. */
        @WithDefault("champion")
        String mode();

        /** {@code serving.rollout."<model>".weight}: the challenger's share of traffic under {@code canary}. */
        @WithDefault("0.1")
        double weight();
    }

    interface Log {
        /** {@code serving.log.enabled}: whether predictions go to {@code mlcycle.predictions.<model>}. */
        @WithDefault("true")
        boolean enabled();

        /** {@code serving.log.buffer}: predictions held while Kafka is slow; beyond it they are counted and dropped. */
        @WithDefault("10000")
        int buffer();
    }

    interface Http {
        /**
         * {@code serving.http.max-body-size}: the largest request body; larger ones get 413. Also Quarkus's {@code
         * quarkus.http.limits.max-body-size}.
         */
        @WithDefault("8M")
        MemorySize maxBodySize();
    }

    interface Auth {
        /**
         * {@code serving.auth.token}: the bearer token admin calls (batch jobs) must present. When unset, it is
         * read from {@code token-file}, the same file training-service uses, and created there if missing.
         */
        Optional<String> token();

        /** {@code serving.auth.token-file}: where the token lives; default {@code <data-dir>/admin-token}. */
        Optional<Path> tokenFile();
    }

    interface Bench {
        /**
         * {@code serving.bench.constant-endpoint}: whether {@code POST /bench/constant} answers a constant body (the
         * floor {@code bench/serving.sh} measures the service against).
         */
        @WithDefault("false")
        boolean constantEndpoint();
    }

    interface Score {
        /** {@code serving.score.batch-rows}: rows read and scored per batch. */
        @WithDefault("8192")
        int batchRows();

        /** {@code serving.score.min-rows}: rows a job's data must hold, or the job fails its data checks. */
        @WithDefault("1")
        long minRows();

        /** {@code serving.score.max-null-share}: the highest share of missing values of a nullable feature. */
        @WithDefault("0.5")
        double maxNullShare();

        /** {@code serving.score.max-out-of-range-share}: the highest share of values outside the spec's range. */
        @WithDefault("0.0")
        double maxOutOfRangeShare();
    }
}
