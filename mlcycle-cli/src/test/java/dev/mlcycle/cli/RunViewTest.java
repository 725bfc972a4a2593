package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.GateDecision;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.TrainingRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunViewTest {
    static final String M = "credit-default";

    @Test
    void summaryOfASuccessNamesTheVersionItsAliasAndTheKeyMetricsWithIntervals() {
        TrainingRun run = Records.succeeded("r-1", M, Records.T0, 2);
        List<String> lines = RunView.summary(run, Records.classifier(M), null);
        assertThat(lines.get(0))
                .isEqualTo("SUCCEEDED  credit-default run r-1 in 42.1s: registered version 2, now champion");
        assertThat(lines)
                .containsSubsequence(
                        "  METRIC    VALUE   CI_LOW  CI_HIGH",
                        "  roc_auc   0.8123  0.8011  0.8234",
                        "  pr_auc    0.6012  0.5800  0.6200",
                        "  log_loss  0.4321  0.4200  0.4400",
                        "  accuracy  0.8010  -       -");
        // brier and validation.* are not key metrics: the full view has them, the summary does not.
        assertThat(String.join("\n", lines)).doesNotContain("brier").doesNotContain("validation.");
        assertThat(lines).contains("gate: passed 2 checks (compared with champion v1)");
    }

    @Test
    void summaryOfASuccessWithoutAnAliasSaysTheChampionStays() {
        TrainingRun run = Records.succeeded("r-1", M, Records.T0, 1);
        ModelRecord record = Records.classifier(M);
        assertThat(RunView.summary(run, record, null).get(0))
                .endsWith(": registered version 1 without an alias (champion stays v2)");
        assertThat(RunView.summary(run, null, null).get(0)).endsWith(": registered version 1");
    }

    @Test
    void summaryOfARejectionShowsEveryGateCheckWithThresholdChampionValueAndTolerance() {
        List<String> lines = RunView.summary(Records.rejected("r-2", M, Records.T0), null, null);
        assertThat(lines.get(0))
                .isEqualTo("REJECTED  credit-default run r-2 after 40.2s: the gate refused the candidate, 2 of 2 checks"
                        + " failed");
        assertThat(lines).contains("gate: refused, 2 of 2 checks failed (compared with champion v2)");
        String header =
                lines.stream().filter(l -> l.contains("CHECK")).findFirst().orElseThrow();
        assertThat(header).contains("METRIC", "VALUE", "AGAINST", "TOLERANCE", "RESULT", "DETAIL");
        String min = lines.stream()
                .filter(l -> l.contains("min-roc_auc"))
                .findFirst()
                .orElseThrow();
        assertThat(min).contains("0.6512", "threshold 0.7000", "FAILED", "roc_auc 0.6512 fails >= 0.7000");
        String champion = lines.stream()
                .filter(l -> l.contains("not-worse-than-champion"))
                .findFirst()
                .orElseThrow();
        assertThat(champion).contains("champion 0.8123", "0.0100", "FAILED", "(tolerance 0.0100): worse");
        // Columns line up under their headers.
        assertThat(min.indexOf("threshold")).isEqualTo(header.indexOf("AGAINST"));
        assertThat(champion.indexOf("FAILED")).isEqualTo(header.indexOf("RESULT"));
    }

    @Test
    void summaryOfAFailureShowsTheErrorAndTheReportsFailedChecksOnly() throws Exception {
        JsonNode report = Json.mapper()
                .readTree("{\"passed\":false,\"rows\":12345,\"checks\":["
                        + "{\"name\":\"row-count\",\"value\":12345,\"limit\":1000,\"passed\":true,\"detail\":\"enough rows\"},"
                        + "{\"name\":\"null-share\",\"field\":\"income\",\"value\":0.4,\"limit\":0.2,\"passed\":false,"
                        + "\"detail\":\"income: 40.0 % null, over the limit of 20.0 %\"}]}");
        List<String> lines = RunView.summary(Records.failed("r-3", M, Records.T0), null, report);
        assertThat(lines.get(0))
                .isEqualTo("FAILED  credit-default run r-3 after 3.2s: data failed 1 of 6 checks: income: 40.0 % null,"
                        + " over the limit of 20.0 %");
        assertThat(lines).contains("data report: 1 of 2 checks failed on 12,345 rows");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).contains("null-share", "income", "0.4000", "0.2000", "40.0 % null"));
        assertThat(String.join("\n", lines)).doesNotContain("row-count");
    }

    @Test
    void summaryOfAFailureWithoutAReportIsTheErrorAlone() {
        assertThat(RunView.summary(Records.failed("r-3", M, Records.T0), null, null))
                .hasSize(1);
    }

    @Test
    void reportWithNoFailedOrNoChecksSaysSo() throws Exception {
        assertThat(RunView.reportLines(Json.mapper().readTree("{\"passed\":true,\"rows\":0,\"checks\":[]}")))
                .containsExactly("data report: all 0 checks passed on 0 rows");
        assertThat(RunView.reportLines(Json.mapper().readTree("{}")))
                .containsExactly("data report: all 0 checks passed");
    }

    @Test
    void gateWithoutChecksOrChampionSaysSoInOneLine() {
        assertThat(RunView.gateLines(new GateDecision(true, List.of(), null)))
                .containsExactly("gate: passed (no checks configured) (no champion to compare with)");
    }

    @Test
    void mainMetricIsRocAucElseRmseElseTheFirstKeyMetric() {
        assertThat(RunView.mainMetric(Records.classificationMetrics())).isEqualTo("roc_auc 0.8123");
        assertThat(RunView.mainMetric(Map.of("mae", 2.0, "rmse", 3.5))).isEqualTo("rmse 3.5000");
        assertThat(RunView.mainMetric(Map.of("r2", 0.9, "mae", 2.0))).isEqualTo("mae 2.0000");
        assertThat(RunView.mainMetric(Map.of("brier", 0.1))).isEqualTo("-");
        assertThat(RunView.mainMetric(Map.of())).isEqualTo("-");
        assertThat(RunView.mainMetric(null)).isEqualTo("-");
    }

    @Test
    void numbersKeepFourDecimalsAndTurnScientificWhenTinyOrHuge() {
        assertThat(RunView.number(0)).isEqualTo("0.0000");
        assertThat(RunView.number(0.81234)).isEqualTo("0.8123");
        assertThat(RunView.number(-0.5)).isEqualTo("-0.5000");
        assertThat(RunView.number(123456.789)).isEqualTo("123456.7890");
        assertThat(RunView.number(1.25e9)).isEqualTo("1.250e+09");
        assertThat(RunView.number(0.00001234)).isEqualTo("1.234e-05");
        assertThat(RunView.number(-1e-7)).isEqualTo("-1.000e-07");
        assertThat(RunView.number(Double.NaN)).isEqualTo("NaN");
        assertThat(RunView.number(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(RunView.number(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void durationsReadAsSecondsThenMinutesThenHours() {
        assertThat(RunView.duration(Duration.ZERO)).isEqualTo("0.0s");
        assertThat(RunView.duration(Duration.ofMillis(42_149))).isEqualTo("42.1s");
        assertThat(RunView.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(RunView.duration(Duration.ofMinutes(121))).isEqualTo("2h01m");
        assertThat(RunView.duration(Duration.ofMillis(-5))).isEqualTo("0.0s");
    }

    @Test
    void runDurationComesFromDurationMsElseFromStartAndFinish() {
        assertThat(RunView.runDuration(Records.succeeded("r", M, Records.T0, 1)))
                .contains(Duration.ofMillis(42_100));
        assertThat(RunView.runDuration(Records.queued("r", M, Records.T0))).isEmpty();
        TrainingRun s = Records.succeeded("r", M, Records.T0, 1);
        TrainingRun noDuration = new TrainingRun(
                s.runId(),
                s.model(),
                s.dataset(),
                s.trigger(),
                s.status(),
                s.snapshotId(),
                null,
                s.offsets(),
                s.params(),
                s.seed(),
                s.metrics(),
                s.gate(),
                s.registeredVersion(),
                s.startedAt(),
                s.finishedAt(),
                null,
                null,
                null,
                null);
        assertThat(RunView.runDuration(noDuration)).contains(Duration.ofSeconds(42));
    }

    @Test
    void listingHasOneAlignedLinePerRunWithStatusVersionMetricDurationAndCoalescedInto() {
        List<String> lines = RunView.listing(List.of(
                Records.coalesced("r-4", M, Records.T0.plusSeconds(30), "r-1"),
                Records.succeeded("r-1", M, Records.T0, 2),
                Records.queued("r-5", "other-model", Records.T0.plusSeconds(60))));
        assertThat(lines).hasSize(4);
        String header = lines.get(0);
        assertThat(header)
                .startsWith("RUN  ")
                .contains("MODEL", "REQUESTED", "TRIGGER", "STATUS", "VERSION", "METRIC", "DURATION", "COALESCED INTO");
        assertThat(lines.get(1))
                .contains("r-4", "2026-01-01T10:00:30Z", "NEW_DATA", "COALESCED")
                .endsWith("r-1");
        assertThat(lines.get(2)).contains("r-1", "MANUAL", "SUCCEEDED", "v2", "roc_auc 0.8123", "42.1s");
        assertThat(lines.get(2).indexOf("SUCCEEDED")).isEqualTo(header.indexOf("STATUS"));
        assertThat(lines.get(3)).contains("other-model", "QUEUED").endsWith("-");
    }

    @Test
    void detailShowsTriggerSnapshotOffsetsParamsMetricsAndGate() {
        List<String> lines = RunView.detail(Records.succeeded("r-1", M, Records.T0, 2));
        assertThat(lines)
                .contains(
                        "run          r-1",
                        "model        credit-default (dataset credit)",
                        "status       SUCCEEDED",
                        "trigger      MANUAL by alice at 2026-01-01T10:00:00Z: after the income fix",
                        "also for     NEW_DATA: 12000 new rows since snapshot 4700",
                        "seed         42",
                        "snapshot     4711",
                        "offsets      mlcycle.events.credit-0 [0, 1000)  1,000 offsets",
                        "             mlcycle.events.credit-1 [5, 905)  900 offsets",
                        "params       algorithm = xgboost",
                        "             max-depth = 3",
                        "duration     42.1s",
                        "version      v2",
                        "metrics:");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("validation.roc_auc", "0.8150"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("brier", "0.1400"));
        assertThat(lines).contains("gate: passed 2 checks (compared with champion v1)");
    }

    @Test
    void detailOfAFailedRunShowsTheErrorAndDashesForWhatItNeverHad() {
        List<String> lines = RunView.detail(Records.failed("r-3", M, Records.T0));
        assertThat(lines)
                .contains(
                        "trigger      SCHEDULE at 2026-01-01T10:00:00Z: 0 3 * * *",
                        "offsets      -",
                        "version      -",
                        "error        data failed 1 of 6 checks: income: 40.0 % null, over the limit of 20.0 %");
        assertThat(lines).noneMatch(l -> l.startsWith("metrics:"));
        assertThat(RunView.detail(Records.coalesced("r-4", M, Records.T0, "r-1")))
                .contains("folded into  r-1");
    }
}
