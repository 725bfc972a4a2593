package dev.mlcycle.training.service;

import static dev.mlcycle.training.RunsApi.finished;
import static dev.mlcycle.training.RunsApi.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import dev.mlcycle.training.GeneratedLake;
import dev.mlcycle.training.config.TrainingConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tribuo.Model;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Training's paths beyond TrainingFlowIT, each through a real run of the service against a real broker and a real
 * Iceberg lake of generated data: regression from the generator to the registry (linear and XGBoost) with bundles
 * that predict, {@code gate.promote-to=challenger}, a grid search from configuration, a model whose outputs are NaN,
 * and the run metrics on {@code /q/metrics}.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
@TestProfile(TrainingRunPathsIT.HousingModels.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingRunPathsIT {
    private static final int EVENTS = 4_000;
    private static long goodSnapshot;

    /** The housing models these tests train, on top of the shipped test configuration. */
    public static final class HousingModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            // The price is not centred (about 400) and AdaGrad's steps shrink, so linear SGD's defaults (5 epochs at
            // a learning rate of 1) stop far short of the intercept; these reach it.
            model(m, "housing-linear", "linear-regression");
            sgd(m, "housing-linear");
            m.put("training.models.housing-linear.gate.min.r2", "0.8");
            model(m, "housing-xgboost", "xgboost");
            m.put("training.models.housing-xgboost.gate.min.r2", "0.8");
            model(m, "housing-canary", "linear-regression");
            sgd(m, "housing-canary");
            m.put("training.models.housing-canary.gate.promote-to", "challenger");
            model(m, "housing-grid", "linear-regression");
            m.put("training.models.housing-grid.trainer.params.epochs", "10");
            m.put("training.models.housing-grid.trainer.grid.learning-rate", "0.5,20");
            m.put("training.models.housing-grid.trainer.cv-folds", "2");
            // No gate bounds: only the check of the outputs stands between a broken model and the registry.
            model(m, "housing-nan", "linear-regression");
            return m;
        }

        private static void sgd(Map<String, String> m, String name) {
            m.put("training.models." + name + ".trainer.params.learning-rate", "20");
            m.put("training.models." + name + ".trainer.params.epochs", "10");
        }

        private static void model(Map<String, String> m, String name, String algorithm) {
            String p = "training.models." + name + ".";
            m.put(p + "dataset", "housing");
            m.put(p + "trainer.algorithm", algorithm);
            m.put(p + "validation.min-rows", "500");
            m.put(p + "evaluation.bootstrap-resamples", "50");
            m.put(p + "triggers.on-alert", "false");
        }
    }

    @Inject
    TrainingConfig config;

    private Path lake() {
        return config.dataDir().resolve("lake");
    }

    @Test
    @Order(1)
    void regressionRunsFromTheGeneratorToTheRegistryWithLinearAndXgboost() throws Exception {
        goodSnapshot = GeneratedLake.land(
                lake(),
                GeneratorOptions.builder()
                        .dataset("housing")
                        .events(EVENTS)
                        .seed(1)
                        .build(),
                l -> l);

        for (String model : List.of("housing-linear", "housing-xgboost")) {
            JsonPath run = finished(start("{\"model\": \"" + model + "\", \"snapshot_id\": " + goodSnapshot + "}"));

            assertThat(run.getString("status"))
                    .as(model + ": " + run.getString("error"))
                    .isEqualTo("SUCCEEDED");
            assertThat(run.getInt("registered_version")).isEqualTo(1);
            assertThat(run.getDouble("metrics.r2")).as(model).isGreaterThan(0.8);
            assertThat(run.getDouble("metrics.rmse")).as(model).isBetween(40.0, 110.0);
            assertThat(run.getDouble("metrics.mae")).as(model).isLessThan(run.getDouble("metrics.rmse"));
            JsonPath registered = given().get("/models/" + model)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(registered.getString("task")).isEqualToIgnoringCase("regression");
            assertThat(registered.getInt("aliases.champion")).isEqualTo(1);
            assertThat(registered.getMap("versions[0].metrics")).containsKeys("rmse", "mae", "r2");

            // The bundle opens and predicts rows it never saw close to the price function they were drawn from.
            double error = meanAbsoluteErrorAgainstTheTruth(model, 1);
            assertThat(error)
                    .as(model + ": mean |prediction - E[price | x]|, thousands of EUR")
                    .isLessThan(45.0);
        }
    }

    @Test
    @Order(2)
    void promoteToChallengerRegistersAChallengerNotAChampion() {
        JsonPath run = finished(start("{\"model\": \"housing-canary\", \"snapshot_id\": " + goodSnapshot + "}"));

        assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
        JsonPath model = given().get("/models/housing-canary")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(model.getInt("aliases.challenger")).isEqualTo(run.getInt("registered_version"));
        assertThat(model.getMap("aliases")).doesNotContainKey("champion");
    }

    @Test
    @Order(3)
    void aGridInTheConfigurationIsSearchedAndTheBestParamsRecorded() {
        JsonPath run = finished(start("{\"model\": \"housing-grid\", \"snapshot_id\": " + goodSnapshot + "}"));

        assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
        Map<String, String> params = run.getMap("params");
        // A learning rate of 0.5 stops far short of the intercept (see above): the search must find 20.
        assertThat(params.get("search.best.learning-rate")).isEqualTo("20.0");
        assertThat(params.get("learning-rate")).isEqualTo(params.get("search.best.learning-rate"));
        assertThat(params).containsKey("search.best.epochs");
        JsonPath card = JsonPath.from(read(bundle("housing-grid", 1).resolve(BundleFiles.MODEL_CARD)));
        assertThat(card.getList("search.candidates")).hasSize(2);
    }

    @Test
    @Order(4)
    void aModelWhoseOutputsAreNanFailsTheRunAndRegistersNothing() {
        // A few prices at the top of the double range (ingest would refuse them: the spec's max is 100,000; here
        // they land directly), all in the oldest half of the run, so in the train split only. Squared loss's
        // gradient overflows to infinity, AdaGrad divides it by an infinite sum of squares, and linear SGD's
        // weights, and so every output, become NaN; the test rows' prices are ordinary.
        long overflowing = GeneratedLake.land(
                lake(),
                GeneratorOptions.builder()
                        .dataset("housing")
                        .events(EVENTS)
                        .seed(2)
                        .build(),
                overflowEvery(400, EVENTS / 2));

        JsonPath run = finished(start("{\"model\": \"housing-nan\", \"snapshot_id\": " + overflowing + "}"));

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("predicted row").contains("expected a finite number, got NaN");
        assertThat((Object) run.get("registered_version")).isNull();
        given().get("/models/housing-nan").then().statusCode(404);
        assertThat(config.dataDir().resolve("registry").resolve("housing-nan").resolve("1"))
                .doesNotExist();
    }

    @Test
    @Order(5)
    void trainingMetricsAppearOnQMetricsByName() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(text)
                .contains(prometheus(TrainingMetrics.TRIGGERS) + "_total{")
                .contains(prometheus(TrainingMetrics.RUNS) + "_total{")
                .contains(prometheus(TrainingMetrics.RUN_DURATION) + "_seconds_count{")
                .contains(prometheus(TrainingMetrics.ROWS_READ) + "_total{")
                .contains(prometheus(TrainingMetrics.READ_DURATION) + "_seconds_count{")
                .contains(prometheus(TrainingMetrics.CHAMPION_VERSION) + "{")
                .contains(prometheus(TrainingMetrics.CHAMPION_QUALITY) + "{");
        assertThat(sample(
                        text,
                        prometheus(TrainingMetrics.RUNS) + "_total",
                        "model=\"housing-linear\"",
                        "outcome=\"succeeded\""))
                .isEqualTo(1.0);
        assertThat(sample(
                        text,
                        prometheus(TrainingMetrics.RUNS) + "_total",
                        "model=\"housing-nan\"",
                        "outcome=\"failed\""))
                .isEqualTo(1.0);
        assertThat(sample(text, prometheus(TrainingMetrics.ROWS_READ) + "_total", "model=\"housing-linear\""))
                .isEqualTo((double) EVENTS);
        assertThat(sample(text, prometheus(TrainingMetrics.CHAMPION_VERSION), "model=\"housing-linear\""))
                .isEqualTo(1.0);
        assertThat(sample(
                        text,
                        prometheus(TrainingMetrics.CHAMPION_QUALITY),
                        "model=\"housing-linear\"",
                        "metric=\"r2\""))
                .isCloseTo(
                        given().get("/models/housing-linear")
                                .then()
                                .extract()
                                .jsonPath()
                                .getDouble("versions[0].metrics.r2"),
                        within(1e-6));
    }

    /** Replaces the price of every n-th event before event {@code before} with one near the largest double. */
    private static UnaryOperator<LabelEvent> overflowEvery(int n, int before) {
        return l -> {
            long index = Long.parseLong(l.id().substring(l.id().lastIndexOf('-') + 1));
            return index < before && index % n == 7 ? new LabelEvent(l.id(), 1.7e308, l.labelTime()) : l;
        };
    }

    /**
     * Loads version {@code version} of {@code model} from its bundle and scores 500 rows of a run it never saw
     * against the noise-free price each was drawn around.
     */
    private double meanAbsoluteErrorAgainstTheTruth(String model, int version) throws Exception {
        Path bundle = bundle(model, version);
        FeatureEncoder encoder =
                FeatureEncoder.of(EncoderState.fromJson(Files.readString(bundle.resolve(BundleFiles.ENCODER))));
        @SuppressWarnings("unchecked")
        Model<Regressor> trained = (Model<Regressor>) Model.deserializeFromFile(bundle.resolve(BundleFiles.MODEL));
        DataGenerator fresh = DataGenerator.create(GeneratorOptions.builder()
                .dataset("housing")
                .events(500)
                .seed(99)
                .build());
        double sum = 0;
        int n = 0;
        while (fresh.hasNext()) {
            GeneratedRecord r = fresh.next();
            if (r.kind() != RecordKind.EVENT) {
                continue;
            }
            double predicted = trained.predict(
                            encoder.example(r.event().features(), new RegressionFactory().getUnknownOutput()))
                    .getOutput()
                    .getValues()[0];
            assertThat(predicted).isFinite();
            sum += Math.abs(predicted - r.truth().mean());
            n++;
        }
        return sum / n;
    }

    private Path bundle(String model, int version) {
        return config.dataDir().resolve("registry").resolve(model).resolve(Integer.toString(version));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A meter's Prometheus name: dots become underscores. */
    private static String prometheus(String meter) {
        return meter.replace('.', '_');
    }

    /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}. */
    private static double sample(String text, String name, String... labels) {
        List<String> lines = text.lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> List.of(labels).stream().allMatch(l::contains))
                .toList();
        assertThat(lines).as("samples of %s with %s", name, List.of(labels)).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
