package dev.mlcycle.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportHistoryTest {
    static final Instant T = SampleReports.T0;

    @Test
    void keepsTheLastReportsOfEachModelInTopicOrder() {
        ReportHistory h = new ReportHistory(3, 10);
        for (long w = 1; w <= 5; w++) {
            h.add(SampleReports.report("m", 1, w, "income", false, false));
        }
        h.add(SampleReports.report("other", 2, 1, "income", true, false));

        assertThat(h.reports("m")).extracting(DriftReport::window).containsExactly(3L, 4L, 5L);
        assertThat(h.latest("m")).get().extracting(DriftReport::window).isEqualTo(5L);
        assertThat(h.models()).extracting(ReportHistory.ModelEntry::model).containsExactly("m", "other");
        assertThat(h.models().get(0).reports()).isEqualTo(3);
        assertThat(h.reports("nobody")).isEmpty();
        assertThat(h.latest("nobody")).isEmpty();
        assertThat(h.knows("nobody")).isFalse();
    }

    @Test
    void aRepeatedReportReplacesItselfInsteadOfCountingAsAnotherWindow() {
        ReportHistory h = new ReportHistory(10, 10);
        h.add(SampleReports.report("m", 1, 1, "income", false, false));
        h.add(SampleReports.report("m", 1, 2, "income", false, false));
        h.add(SampleReports.report("m", 1, 1, "income", false, false));

        assertThat(h.reports("m")).extracting(DriftReport::window).containsExactly(1L, 2L);
        assertThat(h.latest("m")).get().extracting(DriftReport::window).isEqualTo(2L);
    }

    @Test
    void aResolutionReplacesItsAlertAndTheStatusFilterSeesIt() {
        ReportHistory h = new ReportHistory(10, 10);
        Alert a = SampleReports.firing("a-1", "m", "income", "income drifted", T);
        Alert b = SampleReports.firing("a-2", "m", "age", "age drifted", T.plusSeconds(60));
        Alert c = SampleReports.firing("a-3", "n", "age", "age drifted", T.plusSeconds(30));
        h.add(a);
        h.add(b);
        h.add(c);
        h.add(a.resolved(T.plusSeconds(600), "income is back", "m-v1-w9", Map.of()));

        assertThat(h.alerts(null, null, 100)).extracting(Alert::alertId).containsExactly("a-1", "a-2", "a-3");
        assertThat(h.alerts("m", Alert.Status.FIRING, 100))
                .extracting(Alert::alertId)
                .containsExactly("a-2");
        assertThat(h.alerts("m", Alert.Status.RESOLVED, 100)).singleElement().satisfies(r -> {
            assertThat(r.summary()).isEqualTo("income is back");
            assertThat(r.resolvedAt()).isEqualTo(T.plusSeconds(600));
        });
        assertThat(h.alerts(null, Alert.Status.FIRING, 1))
                .extracting(Alert::alertId)
                .containsExactly("a-2");
        assertThat(h.models())
                .filteredOn(e -> e.model().equals("m"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.openAlerts()).isEqualTo(1);
                    assertThat(e.latest()).isEmpty();
                });
        assertThat(h.knows("n")).isTrue();
    }

    @Test
    void beyondItsBoundDropsTheOldestResolvedAlertButKeepsOpenOnes() {
        ReportHistory h = new ReportHistory(10, 2);
        Alert open = SampleReports.firing("open", "m", "income", "s", T);
        Alert old = SampleReports.firing("old", "m", "income", "s", T.plusSeconds(1));
        h.add(open);
        h.add(old.resolved(T.plusSeconds(2), "ok", null, null));
        h.add(SampleReports.firing("new", "m", "income", "s", T.plusSeconds(3)));

        assertThat(h.alerts("m", null, 100)).extracting(Alert::alertId).containsExactlyInAnyOrder("open", "new");

        h.add(SampleReports.firing("third", "m", "income", "s", T.plusSeconds(4)));
        assertThat(h.alerts("m", null, 100))
                .extracting(Alert::alertId)
                .containsExactlyInAnyOrder("open", "new", "third");
    }

    @Test
    void refusesBoundsOutOfRangeNamingTheKey() {
        assertThatThrownBy(() -> new ReportHistory(0, 10))
                .hasMessage("monitoring.report.history: expected 1 to 100000, got 0");
        assertThatThrownBy(() -> new ReportHistory(10, 100_001))
                .hasMessage("monitoring.report.alerts: expected 1 to 100000, got 100001");
    }

    @Test
    void readersGetCopiesWhileTheFeedWrites() throws Exception {
        ReportHistory h = new ReportHistory(50, 10);
        Thread writer = new Thread(() -> {
            for (long w = 1; w <= 2000; w++) {
                h.add(SampleReports.report("m", 1, w, "income", w % 7 == 0, false));
            }
        });
        writer.start();
        long seen = 0;
        while (writer.isAlive()) {
            List<DriftReport> r = h.reports("m");
            assertThat(r.size()).isLessThanOrEqualTo(50);
            for (int i = 1; i < r.size(); i++) {
                assertThat(r.get(i).window()).isEqualTo(r.get(i - 1).window() + 1);
            }
            seen++;
        }
        writer.join();
        assertThat(h.reports("m")).hasSize(50);
        assertThat(h.latest("m")).get().extracting(DriftReport::window).isEqualTo(2000L);
        assertThat(seen).isPositive();
    }
}
