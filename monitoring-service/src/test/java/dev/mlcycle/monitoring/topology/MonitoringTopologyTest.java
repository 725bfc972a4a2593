package dev.mlcycle.monitoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.contracts.record.DriftMethod;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.contracts.record.DriftTest;
import dev.mlcycle.contracts.record.Performance;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.monitoring.drift.AlertPolicy;
import dev.mlcycle.monitoring.drift.DetectorSettings;
import dev.mlcycle.monitoring.drift.DriftRules;
import dev.mlcycle.monitoring.drift.PerformanceRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring topology on {@link TopologyTestDriver}: windows, tests, the label join, alerts, bad records. */
class MonitoringTopologyTest {
    static final int WINDOW = 2_000;

    @TempDir
    Path stateDir;

    final List<String> skipped = new ArrayList<>();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> predictions;
    TestInputTopic<byte[], byte[]> labels;
    TestOutputTopic<String, byte[]> reports;
    TestOutputTopic<String, byte[]> alerts;
    Instant now = Instant.now();
    int seq;

    @BeforeEach
    void start() {
        start(settings(Duration.ofHours(1)));
    }

    void start(TopologySettings settings) {
        TopologyListener listener = new CountingListener(skipped);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                MonitoringTopology.build(
                        settings, Synthetic.references(new DatasetCatalog(stateDir).load("credit")), listener, false),
                p,
                now);
        predictions = driver.createInputTopic(
                Topics.predictions(Synthetic.MODEL), new ByteArraySerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic(
                Topics.labels(Synthetic.DATASET), new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic(Topics.DRIFT_REPORTS, new StringDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static TopologySettings settings(Duration duration) {
        return new TopologySettings(
                WINDOW,
                duration,
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                20_000,
                2,
                false,
                DriftRules.defaults(),
                new PerformanceRules(100, 0.05, 0.25),
                AlertPolicy.defaults(),
                DetectorSettings.defaults());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aStationaryStreamClosesFullWindowsWithoutDriftOrAlerts() {
        SplittableRandom rng = new SplittableRandom(1);
        send(rng, 5 * WINDOW, 0, false);

        List<DriftReport> closed = reports();
        assertThat(closed).hasSize(5);
        assertThat(closed).allSatisfy(r -> {
            assertThat(r.rows()).isEqualTo(WINDOW);
            assertThat(r.closedBy()).isEqualTo(DriftReport.CLOSED_BY_ROWS);
            assertThat(r.drift()).isFalse();
            assertThat(r.findings()).isEmpty();
            assertThat(r.correction()).isEqualTo("benjamini-hochberg");
        });
        assertThat(closed).extracting(DriftReport::window).containsExactly(1L, 2L, 3L, 4L, 5L);
        DriftTest income = test(closed.get(0), "income", DriftMethod.KS);
        assertThat(income.currentSize()).isEqualTo(WINDOW);
        assertThat(income.histogram().current().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(WINDOW);
        assertThat(test(closed.get(0), "region", DriftMethod.CHI_SQUARE)
                        .histogram()
                        .bins())
                .endsWith("(unseen)", "(missing)");
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aShiftedInputFiresOneDataDriftAlertNamingItAndResolvesWhenItIsBack() {
        SplittableRandom rng = new SplittableRandom(2);
        send(rng, 2 * WINDOW, 0, false);
        send(rng, 4 * WINDOW, 0.5, false);
        send(rng, 4 * WINDOW, 0, false);

        List<DriftReport> closed = reports();
        assertThat(closed).hasSize(10);
        assertThat(closed.subList(2, 6)).allSatisfy(r -> {
            assertThat(r.found(AlertKind.DATA_DRIFT)).isTrue();
            assertThat(r.drifted())
                    .extracting(DriftTest::target)
                    .contains("income")
                    .doesNotContain("region");
        });
        List<Alert> sent = alerts();
        List<Alert> dataDrift =
                sent.stream().filter(a -> a.kind() == AlertKind.DATA_DRIFT).toList();
        assertThat(dataDrift).hasSize(2);
        Alert fired = dataDrift.get(0);
        assertThat(fired.isFiring()).isTrue();
        assertThat(fired.features()).containsExactly("income");
        // the defaults fire on the first window that found it (k = 1 of n = 1)
        assertThat(fired.reportId()).isEqualTo(closed.get(2).reportId());
        assertThat(fired.alertId()).isEqualTo("credit-test-data-drift-v1-w3");
        Alert resolved = dataDrift.get(1);
        assertThat(resolved.isFiring()).isFalse();
        assertThat(resolved.alertId()).isEqualTo(fired.alertId());
        assertThat(resolved.reportId()).isEqualTo(closed.get(8).reportId());
    }

    @Test
    void aWindowClosesByEventTimeBeforeItIsFull() {
        SplittableRandom rng = new SplittableRandom(3);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 300; i++) {
            predictions.pipeInput(
                    null, Synthetic.prediction(1, "e" + i, Synthetic.row(rng, 0), now, t0.plusSeconds(i * 10L)));
        }
        // 300 events 10 s apart span 50 minutes; the next, at +1 h, closes the window by time.
        predictions.pipeInput(null, Synthetic.prediction(1, "late", Synthetic.row(rng, 0), now, t0.plusSeconds(3600)));

        List<DriftReport> closed = reports();
        assertThat(closed).singleElement().satisfies(r -> {
            assertThat(r.rows()).isEqualTo(300);
            assertThat(r.closedBy()).isEqualTo(DriftReport.CLOSED_BY_TIME);
            assertThat(r.timeBasis()).isEqualTo(DriftReport.EVENT_TIME);
            assertThat(r.windowStart()).isEqualTo(t0);
            assertThat(r.windowEnd()).isEqualTo(t0.plusSeconds(2990).plusMillis(1));
        });
    }

    @Test
    void anIdleWindowClosesOnTheWallClock() {
        SplittableRandom rng = new SplittableRandom(4);
        send(rng, 150, 0, false);
        assertThat(reports()).isEmpty();

        driver.advanceWallClockTime(Duration.ofHours(1).plusSeconds(2));

        assertThat(reports()).singleElement().satisfies(r -> {
            assertThat(r.rows()).isEqualTo(150);
            assertThat(r.closedBy()).isEqualTo(DriftReport.CLOSED_BY_TIME);
            assertThat(r.timeBasis()).isEqualTo(DriftReport.ARRIVAL);
        });
    }

    @Test
    void malformedPredictionsAndLabelsAreCountedAndSkipped() {
        SplittableRandom rng = new SplittableRandom(5);
        predictions.pipeInput(null, "not json".getBytes(StandardCharsets.UTF_8));
        predictions.pipeInput(null, "{\"request_id\":\"r\"}".getBytes(StandardCharsets.UTF_8));
        predictions.pipeInput(null, Synthetic.prediction(9, "x", Synthetic.row(rng, 0), now, null));
        labels.pipeInput(null, "{\"event_id\":1}".getBytes(StandardCharsets.UTF_8));
        labels.pipeInput(null, "[]".getBytes(StandardCharsets.UTF_8));
        send(rng, WINDOW, 0, false);

        assertThat(skipped).containsExactly("malformed", "malformed", "no_reference", "malformed", "malformed");
        assertThat(reports()).singleElement().extracting(DriftReport::rows).isEqualTo((long) WINDOW);
    }

    @Test
    void labelsJoinPredictionsLateAndOutOfOrder() {
        SplittableRandom rng = new SplittableRandom(6);
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < WINDOW - 1; i++) {
            Synthetic.Row r = Synthetic.row(rng, 0);
            String label = rng.nextDouble() < r.pYes() ? "yes" : "no";
            truth.add(label);
            if (i % 10 == 0) {
                // a label that arrives before its prediction
                labels.pipeInput(null, Synthetic.label("e" + i, label, now));
            }
            predictions.pipeInput(null, Synthetic.prediction(1, "e" + i, r, now, null));
        }
        for (int i = WINDOW - 2; i >= 0; i--) {
            if (i % 10 != 0) {
                labels.pipeInput(null, Synthetic.label("e" + i, truth.get(i), now));
            }
        }
        predictions.pipeInput(null, Synthetic.prediction(1, "last", Synthetic.row(rng, 0), now, null));

        DriftReport report = reports().get(0);
        assertThat(report.performance())
                .extracting(Performance::metric)
                .containsExactly("accuracy", "roc_auc", "log_loss", "brier");
        assertThat(report.performance())
                .allSatisfy(p -> assertThat(p.labelledRows()).isEqualTo(WINDOW - 1));
        assertThat(report.performance().get(0).value()).isBetween(0.6, 0.8);
        assertThat(report.performance().get(0).baseline()).isEqualTo(0.70);
        assertThat(report.detectors()).extracting(d -> d.detector()).containsExactly("ddm", "page_hinkley");
    }

    @Test
    void errorsThatGrowWhileInputsStayGiveConceptDriftNotDataDrift() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int w = 0; w < 6; w++) {
            boolean flipped = w >= 2;
            for (int i = 0; i < WINDOW; i++) {
                Synthetic.Row r = Synthetic.row(rng, 0);
                String id = "w" + w + "-" + i;
                String label = rng.nextDouble() < r.pYes() ? "yes" : "no";
                if (flipped) {
                    label = label.equals("yes") ? "no" : "yes";
                }
                predictions.pipeInput(null, Synthetic.prediction(1, id, r, now, null));
                labels.pipeInput(null, Synthetic.label(id, label, now));
            }
        }

        List<DriftReport> closed = reports();
        assertThat(closed).hasSize(6);
        assertThat(closed).noneMatch(r -> r.found(AlertKind.DATA_DRIFT));
        assertThat(closed.subList(2, 6)).anyMatch(r -> r.found(AlertKind.CONCEPT_DRIFT));
        List<Alert> sent = alerts();
        assertThat(sent)
                .extracting(Alert::kind)
                .contains(AlertKind.CONCEPT_DRIFT)
                .doesNotContain(AlertKind.DATA_DRIFT);
    }

    private void send(SplittableRandom rng, int rows, double shift, boolean withEventIds) {
        for (int i = 0; i < rows; i++) {
            String id = "s" + seq++;
            predictions.pipeInput(
                    null, Synthetic.prediction(1, withEventIds ? id : null, Synthetic.row(rng, shift), now, null));
        }
    }

    private List<DriftReport> reports() {
        return reports.readValuesToList().stream()
                .map(b -> Codecs.DRIFT_REPORT.decode(b, "report"))
                .toList();
    }

    private List<Alert> alerts() {
        return alerts.readValuesToList().stream()
                .map(b -> Codecs.ALERT.decode(b, "alert"))
                .toList();
    }

    private static DriftTest test(DriftReport r, String target, DriftMethod method) {
        return r.tests().stream()
                .filter(t -> t.target().equals(target) && t.method() == method)
                .findFirst()
                .orElseThrow();
    }

    /** Records the skip reasons in order; the rest is not needed here. */
    private record CountingListener(List<String> skipped) implements TopologyListener {
        @Override
        public void skipped(String reason, String topic, String detail) {
            skipped.add(reason);
        }

        @Override
        public void windowed(String model, int version) {}

        @Override
        public void joined(String model, int version) {}

        @Override
        public void expired(String dataset) {}

        @Override
        public void windowClosed(DriftReport report) {}

        @Override
        public void alert(Alert alert) {}
    }
}
