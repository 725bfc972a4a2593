package dev.mlcycle.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportPageTest {
    static final String EVIL = "<script>alert('x')</script>";
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    static List<DriftReport> windows(String model, String feature, int n, int driftFrom, boolean labels) {
        List<DriftReport> out = new ArrayList<>();
        for (int w = 1; w <= n; w++) {
            out.add(SampleReports.report(model, w <= n / 2 ? 1 : 2, w, feature, w >= driftFrom, labels));
        }
        return out;
    }

    @Test
    void aFeatureNamedScriptAndAHostileSummaryRenderAsText() {
        List<DriftReport> reports = windows("credit-default", EVIL, 6, 5, true);
        List<Alert> alerts = List.of(SampleReports.firing(
                "a\"><img src=x onerror=alert(1)>",
                "credit-default",
                EVIL,
                "<img src=x onerror=alert(1)> & more",
                NOW));

        String html = ReportPage.render("credit-default", reports, alerts, NOW);

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img");
        assertThat(html)
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt; &amp; more")
                .contains("a&quot;&gt;&lt;img");
    }

    @Test
    void thePageLoadsNothingFromElsewhere() {
        String html =
                ReportPage.render("credit-default", windows("credit-default", "income", 8, 7, true), List.of(), NOW);

        assertThat(html)
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(")
                .doesNotContainIgnoringCase(" src=")
                .doesNotContainIgnoringCase(" href=");
        // The only address is the SVG namespace, which is a name, not a fetch.
        assertThat(html.replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void drawsBothHistogramsAndTheSeriesForEachFeatureWithTheirLines() {
        String html = ReportPage.render("m", windows("m", "income", 8, 7, false), List.of(), NOW);

        // income (KS + JS), region (chi-square), prediction (KS, no histogram)
        assertThat(ids(html, "histogram")).containsExactly("f0-reference", "f0-current", "f1-reference", "f1-current");
        assertThat(ids(html, "series")).containsExactly("f0-effect", "f0-p", "f1-effect", "f1-p", "f2-effect", "f2-p");
        assertThat(html).contains("effect floor 0.1000").contains("q = 0.05000");
        // windows 7 and 8 drifted: two red marks on each of income's two series
        String income = between(html, "id=\"f0-effect\"", "</svg>");
        assertThat(count(income, "class=\"mark drift\"")).isEqualTo(2);
        assertThat(count(income, "class=\"mark\"")).isEqualTo(6);
        // the version changed at window 5
        assertThat(income).contains("class=\"version\"").contains(">v2</text>");
        assertThat(html).contains("No labels have arrived for these windows yet.");
    }

    @Test
    void aLongHistoryMarksOnlyItsDriftingWindowsButDrawsEveryWindowOnTheLine() {
        String html = ReportPage.render("m", windows("m", "income", 100, 98, false), List.of(), NOW);

        String income = between(html, "id=\"f0-effect\"", "</svg>");
        assertThat(count(income, "class=\"mark drift\"")).isEqualTo(3);
        assertThat(count(income, "class=\"mark\"")).isZero();
        String points = between(income, "points=\"", "\"/>");
        assertThat(points.substring("points=\"".length()).split(" ")).hasSize(100);
    }

    @Test
    void histogramBarsAreSharesOnOneScale() {
        DriftReport r = SampleReports.report("m", 1, 1, "income", false, false);
        String html = ReportPage.render("m", List.of(r), List.of(), NOW);
        String ref = between(html, "id=\"f0-reference\"", "</svg>");
        String cur = between(html, "id=\"f0-current\"", "</svg>");
        // window 1 doubles every reference count and adds 1: nearly the same shares, so nearly the same heights
        List<Double> rh = heights(ref);
        List<Double> ch = heights(cur);
        assertThat(rh).hasSize(10);
        assertThat(ch).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(ch.get(i)).isCloseTo(rh.get(i), org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(ref).contains("reference, n = 1000");
        assertThat(cur).contains("current, n = 2010");
    }

    @Test
    void drawsAPerformanceCurvePerMetricWithBaselineAndBoundWhenLabelsArrived() {
        String html = ReportPage.render("m", windows("m", "income", 4, 99, true), List.of(), NOW);

        assertThat(ids(html, "series")).contains("perf0", "perf1");
        String accuracy = between(html, "id=\"perf0\"", "</svg>");
        assertThat(accuracy)
                .contains("accuracy over windows")
                .contains("baseline 0.8500")
                .contains("bound 0.8000");
        assertThat(html).contains("<table class=\"detectors\">").contains("min_observations = 30.00");
    }

    @Test
    void aModelWithAlertsButNoReportSaysSoAndListsThem() {
        Alert a = SampleReports.firing("a-1", "m", "income", "income moved", NOW);
        String html = ReportPage.render("m", List.of(), List.of(a), NOW);

        assertThat(html)
                .contains("No window has closed yet")
                .contains("income moved")
                .doesNotContain("<svg");
    }

    static List<String> ids(String html, String kind) {
        Matcher m = Pattern.compile("<svg [^>]*class=\"chart " + kind + "\" id=\"([^\"]+)\"")
                .matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<Double> heights(String svg) {
        Matcher m =
                Pattern.compile("<rect class=\"bar\"[^>]* height=\"([0-9.]+)\"").matcher(svg);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        assertThat(i).as("%s in the page", from).isNotNegative();
        return s.substring(i, s.indexOf(to, i));
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
