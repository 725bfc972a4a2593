package dev.mlcycle.training.service;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.Trigger.TriggerKind;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.topics.TopicFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Training's meters, names in one place (lower-case dot names; Prometheus shows them with underscores):
 *
 * <ul>
 *   <li>{@code mlcycle.training.triggers{model,trigger}}: triggers received, run or coalesced
 *   <li>{@code mlcycle.training.runs{model,trigger,outcome}}: runs ended, by outcome (succeeded, rejected, failed,
 *       coalesced)
 *   <li>{@code mlcycle.training.run.duration{model,outcome}}: how long runs took, seconds
 *   <li>{@code mlcycle.training.rows.read{model}}: event rows read from the lake
 *   <li>{@code mlcycle.training.read.duration{model}}: how long reading a snapshot took, seconds
 *   <li>{@code mlcycle.training.champion.version{model}}: the champion's version number
 *   <li>{@code mlcycle.training.champion.quality{model,metric}}: the champion's test metrics (roc_auc, pr_auc,
 *       accuracy, log_loss, brier, f1_macro, rmse, mae, r2) as registered
 *   <li>{@code mlcycle.training.follower.up{topic}}: 1 while the follower of a trigger topic (lake commits, alerts)
 *       is caught up and following, 0 while it starts, catches up or backs off after a failure
 *   <li>{@code mlcycle.training.follower.restarts{topic}}: times a trigger topic's consumer failed and was restarted
 * </ul>
 *
 * Tags are bounded: configured model names, the enum values, a fixed metric list and the two trigger topics.
 */
@ApplicationScoped
public class TrainingMetrics implements RunExecutor.RunObserver {
    static final String TRIGGERS = "mlcycle.training.triggers";
    static final String RUNS = "mlcycle.training.runs";
    static final String RUN_DURATION = "mlcycle.training.run.duration";
    static final String ROWS_READ = "mlcycle.training.rows.read";
    static final String READ_DURATION = "mlcycle.training.read.duration";
    static final String CHAMPION_VERSION = "mlcycle.training.champion.version";
    static final String CHAMPION_QUALITY = "mlcycle.training.champion.quality";
    static final String FOLLOWER_UP = "mlcycle.training.follower.up";
    static final String FOLLOWER_RESTARTS = "mlcycle.training.follower.restarts";
    static final List<String> QUALITY_METRICS =
            List.of("roc_auc", "pr_auc", "accuracy", "log_loss", "brier", "f1_macro", "rmse", "mae", "r2");

    @Inject
    MeterRegistry meters;

    /** A trigger arrived for a model. */
    public void triggered(String model, TriggerKind kind) {
        Counter.builder(TRIGGERS)
                .description("Training triggers received, whether run or coalesced")
                .tag("model", model)
                .tag("trigger", lower(kind.name()))
                .register(meters)
                .increment();
    }

    @Override
    public void finished(TrainingRun run) {
        String outcome = lower(run.status().name());
        Counter.builder(RUNS)
                .description("Training runs ended, by trigger and outcome")
                .tag("model", run.model())
                .tag("trigger", lower(run.trigger().kind().name()))
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        if (run.durationMs() != null) {
            Timer.builder(RUN_DURATION)
                    .description("How long training runs took")
                    .tag("model", run.model())
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(Duration.ofMillis(run.durationMs()));
        }
    }

    @Override
    public void rowsRead(String model, long rows, Duration took) {
        Counter.builder(ROWS_READ)
                .description("Event rows read from the lake by training runs")
                .tag("model", model)
                .register(meters)
                .increment(rows);
        Timer.builder(READ_DURATION)
                .description("How long reading a lake snapshot took")
                .tag("model", model)
                .register(meters)
                .record(took);
    }

    /** Registers the champion gauges of every configured model, read from the registry on each scrape. */
    public void watchRegistry(Registry registry, ModelCatalog catalog) {
        for (ModelSettings s : catalog.all()) {
            String model = s.model();
            Gauge.builder(CHAMPION_VERSION, () -> champion(registry, model)
                            .map(v -> (double) v.version())
                            .orElse(Double.NaN))
                    .description("The champion's version number")
                    .tag("model", model)
                    .register(meters);
            for (String metric : QUALITY_METRICS) {
                Gauge.builder(CHAMPION_QUALITY, () -> champion(registry, model)
                                .map(v -> v.metrics().get(metric))
                                .orElse(Double.NaN))
                        .description("The champion's test metrics as registered")
                        .tag("model", model)
                        .tag("metric", metric)
                        .register(meters);
            }
        }
    }

    /** Registers the gauge and restart counter of a trigger topic's follower, read on each scrape. */
    public void watchFollower(TopicFollower<?> follower) {
        Gauge.builder(
                        FOLLOWER_UP,
                        follower,
                        f -> f.caughtUp() && f.state() == TopicFollower.State.FOLLOWING ? 1.0 : 0.0)
                .description("1 while the trigger topic's follower is caught up and following, else 0")
                .tag("topic", follower.topic())
                .register(meters);
        FunctionCounter.builder(FOLLOWER_RESTARTS, follower, f -> f.restarts())
                .description("Times the trigger topic's consumer failed and was restarted after a backoff")
                .tag("topic", follower.topic())
                .register(meters);
    }

    private static Optional<ModelVersion> champion(Registry registry, String model) {
        return registry.get(model).flatMap(ModelRecord::champion);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
