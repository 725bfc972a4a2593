package dev.mlcycle.contracts.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.json.Codecs;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Records written before the monitoring contracts grew (under {@code golden/legacy/}, as the topics may still
 * hold them) still decode, with the new fields at their stated defaults.
 */
class LegacyRecordsTest {

    @Test
    void aDriftReportWithTestNamesAndOnePerformanceObjectStillDecodes() throws IOException {
        DriftReport report = Codecs.DRIFT_REPORT.decode(read("drift-report.json"), "legacy");

        assertThat(report.tests())
                .extracting(DriftTest::method)
                .containsExactly(DriftMethod.KS, DriftMethod.CHI_SQUARE, DriftMethod.KS, DriftMethod.PSI);
        assertThat(report.tests().get(0).threshold()).isEqualTo(0.05);
        assertThat(report.tests().get(0).histogram()).isNull();
        assertThat(report.performance()).singleElement().satisfies(p -> {
            assertThat(p.metric()).isEqualTo("accuracy");
            assertThat(p.breached()).isFalse();
        });
        assertThat(report.findings()).isEmpty();
        assertThat(report.window()).isNull();
    }

    @Test
    void aMinimalDriftReportStillDecodes() throws IOException {
        DriftReport report = Codecs.DRIFT_REPORT.decode(read("drift-report-minimal.json"), "legacy");

        assertThat(report.performance()).isEmpty();
        assertThat(report.detectors()).isEmpty();
    }

    @Test
    void anAlertWithoutAStatusIsFiring() throws IOException {
        Alert alert = Codecs.ALERT.decode(read("alert.json"), "legacy");
        Alert minimal = Codecs.ALERT.decode(read("alert-minimal.json"), "legacy");

        assertThat(alert.status()).isEqualTo(Alert.Status.FIRING);
        assertThat(alert.isFiring()).isTrue();
        assertThat(alert.deliveryKey()).isEqualTo("alert-2026-03-02-0003/firing");
        assertThat(minimal.resolvedAt()).isNull();
    }

    @Test
    void aPredictionWithoutAnEventTimeFallsBackToItsTimestamp() throws IOException {
        PredictionRecord record = Codecs.PREDICTION_RECORD.decode(read("prediction-record.json"), "legacy");

        assertThat(record.eventTime()).isNull();
        assertThat(record.effectiveTime()).isEqualTo(record.timestamp());
    }

    @Test
    void aResolutionKeepsTheAlertIdAndHasItsOwnDeliveryKey() {
        Alert firing = GoldenExamples.alert();
        Alert resolved = GoldenExamples.alertResolved();

        assertThat(resolved.alertId()).isEqualTo(firing.alertId());
        assertThat(resolved.deliveryKey()).isNotEqualTo(firing.deliveryKey()).endsWith("/resolved");
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = LegacyRecordsTest.class.getResourceAsStream("/golden/legacy/" + file)) {
            assertThat(in).as("golden/legacy/" + file).isNotNull();
            return in.readAllBytes();
        }
    }
}
