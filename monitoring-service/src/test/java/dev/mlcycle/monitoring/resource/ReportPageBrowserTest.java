package dev.mlcycle.monitoring.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.monitoring.report.SampleReports;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report page in a real browser: the service runs on a random port against the local broker, the test writes
 * twelve windows of a model (a version change at window 7, drift from window 10, labels from window 3) and its
 * alerts to the topics, and Debian's chromium, headless, opens {@code /reports/{model}?format=html}. Checked in the
 * DOM chromium built ({@code --dump-dom}) and, over the DevTools protocol, in the laid-out page: every chart has a
 * size, its bars and lines have one, and a screenshot of each chart's area has the chart's colours drawn in it. The
 * screenshot of the whole page is kept as {@code target/report-page.png}. Skips, saying so, only when chromium is not
 * installed ({@code .ci/run} installs it).
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class ReportPageBrowserTest {
    static final String MODEL = "page-" + UUID.randomUUID().toString().substring(0, 8);
    static final String HOSTILE_MODEL = MODEL + "-xss";
    static final String HOSTILE_FEATURE = "<script>document.title='pwned'</script>";
    static final String HOSTILE_SUMMARY = "<img src=x onerror=\"document.title='pwned'\"> moved";
    static final AtomicBoolean WRITTEN = new AtomicBoolean();

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void writeOnce() {
        if (WRITTEN.getAndSet(true)) {
            return;
        }
        try (TopicWriter w = new TopicWriter()) {
            for (long win = 1; win <= 12; win++) {
                w.report(SampleReports.report(MODEL, win <= 6 ? 3 : 4, win, "income", win >= 10, win >= 3));
            }
            Alert a = SampleReports.firing(MODEL + "-old", MODEL, "income", "income drifted", SampleReports.T0);
            w.alert(a);
            w.alert(a.resolved(SampleReports.T0.plusSeconds(600), "income is back", null, Map.of()));
            w.alert(SampleReports.firing(
                    MODEL + "-now", MODEL, "income", "income drifted again", SampleReports.T0.plusSeconds(3300)));
            for (long win = 1; win <= 3; win++) {
                w.report(SampleReports.report(HOSTILE_MODEL, 1, win, HOSTILE_FEATURE, win == 3, false));
            }
            w.alert(SampleReports.firing(
                    HOSTILE_MODEL + "-a", HOSTILE_MODEL, HOSTILE_FEATURE, HOSTILE_SUMMARY, SampleReports.T0));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            given().get("/reports/" + MODEL + "/latest").then().statusCode(200).body("window", is(12));
            given().get("/alerts?model=" + HOSTILE_MODEL).then().statusCode(200).body("alerts.size()", is(1));
            given().get("/alerts?model=" + MODEL).then().body("alerts.size()", is(2));
        });
    }

    HeadlessChromium chromium() throws IOException {
        Path work = Files.createDirectories(Path.of("target", "chromium"));
        return HeadlessChromium.find(work.toAbsolutePath()).orElseThrow(() -> {
            Assumptions.abort("chromium is not installed, so the report page cannot be opened in a real"
                    + " browser; .ci/run installs it (apt-get install chromium)");
            return new AssertionError("unreachable");
        });
    }

    String pageUrl(String model) {
        return base.toString().replaceAll("/$", "") + "/reports/" + model + "?format=html";
    }

    @Test
    void theBrowserBuildsEveryChartIntoItsDom() throws Exception {
        String dom = chromium().dumpDom(pageUrl(MODEL));

        assertThat(dom).contains("<title>Drift report: " + MODEL + "</title>");
        // income and region: two histograms each; income, region, prediction: effect and p series; two metrics
        assertThat(count(dom, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart histogram\""))
                .isEqualTo(4);
        assertThat(count(dom, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart series\""))
                .isEqualTo(8);
        assertThat(count(dom, "<rect class=\"bar\"")).isEqualTo(2 * 10 + 2 * 5);
        assertThat(dom).contains("<polyline class=\"line\"").contains("class=\"mark drift\"");
        assertThat(dom).contains("income drifted again").contains("<table class=\"alerts\">");
        assertThat(dom).doesNotContain("<script");
    }

    @Test
    void chartsHaveASizeAndTheirMarksAreDrawnOnScreen() throws Exception {
        try (HeadlessChromium.Page page = chromium().open(pageUrl(MODEL), 1400, 1000)) {
            JsonNode charts = Json.mapper()
                    .readTree(page.evaluate(
                                    """
                            JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {
                              const r = s.getBoundingClientRect();
                              const line = s.querySelector('polyline.line');
                              return {id: s.id, histogram: s.classList.contains('histogram'),
                                x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height,
                                bars: [...s.querySelectorAll('rect.bar')].filter(b => b.getBBox().height > 0).length,
                                line: line ? line.getBBox().width : 0,
                                mids: line ? [...Array(Math.max(line.points.numberOfItems - 1, 0)).keys()].map(i => {
                                  const a = line.points.getItem(i), b = line.points.getItem(i + 1);
                                  return [(a.x + b.x) / 2, (a.y + b.y) / 2]; }) : [],
                                marks: s.querySelectorAll('circle.mark').length,
                                drift: s.querySelectorAll('circle.mark.drift').length,
                                driftAt: [...s.querySelectorAll('circle.mark.drift')]
                                  .map(m => [m.cx.baseVal.value, m.cy.baseVal.value]),
                                rules: s.querySelectorAll('line.rule').length};
                            }))""")
                            .asText());
            assertThat(charts).hasSize(12);
            List<String> problems = new ArrayList<>();
            for (JsonNode c : charts) {
                String id = c.get("id").asText();
                double w = c.get("w").asDouble();
                double h = c.get("h").asDouble();
                if (w < 100 || h < 100) {
                    problems.add(id + " is " + w + " x " + h);
                    continue;
                }
                BufferedImage shot =
                        page.screenshot(c.get("x").asDouble(), c.get("y").asDouble(), w, h);
                if (c.get("histogram").asBoolean()) {
                    if (c.get("bars").asInt() < 3) {
                        problems.add(id + " has " + c.get("bars") + " bars with a height");
                    }
                    String color = id.endsWith("-reference") ? "#4c78a8" : "#f58518";
                    int drawn = pixels(shot, color);
                    if (drawn < 500) {
                        problems.add(id + " has " + drawn + " pixels of its bars' colour " + color);
                    }
                } else {
                    if (c.get("line").asDouble() < 100) {
                        problems.add(id + "'s line is " + c.get("line") + " wide");
                    }
                    // the line itself, between the marks: the middle of each segment is drawn in its colour
                    int segments = c.get("mids").size();
                    int drawnMids = 0;
                    for (JsonNode mid : c.get("mids")) {
                        if (near(shot, mid.get(0).asDouble(), mid.get(1).asDouble(), "#333333")) {
                            drawnMids++;
                        }
                    }
                    if (segments == 0 || drawnMids < segments * 0.9) {
                        problems.add(id + " has " + drawnMids + " of " + segments + " line segments drawn");
                    }
                    boolean red = c.get("drift").asInt() > 0 || c.get("rules").asInt() > 0;
                    int reds = pixels(shot, "#d62728");
                    if (red && reds < 20) {
                        problems.add(id + " has " + reds + " red pixels for its drift marks or bound");
                    }
                    for (JsonNode at : c.get("driftAt")) {
                        if (!near(shot, at.get(0).asDouble(), at.get(1).asDouble(), "#d62728")) {
                            problems.add(id + "'s drift mark at " + at + " is not drawn red");
                        }
                    }
                }
            }
            assertThat(problems).as("charts not drawn").isEmpty();
            // income drifted in windows 10-12: three red marks on each of its series; the version changed once
            JsonNode income = find(charts, "f0-effect");
            assertThat(income.get("marks").asInt()).isEqualTo(12);
            assertThat(income.get("drift").asInt()).isEqualTo(3);
            assertThat(income.get("rules").asInt()).isEqualTo(1);
            assertThat(find(charts, "perf0").get("rules").asInt()).isEqualTo(2);

            JsonNode size = page.evaluate("JSON.stringify({w: document.documentElement.scrollWidth,"
                    + " h: document.documentElement.scrollHeight})");
            JsonNode doc = Json.mapper().readTree(size.asText());
            BufferedImage whole =
                    page.screenshot(0, 0, doc.get("w").asDouble(), doc.get("h").asDouble());
            ImageIO.write(whole, "png", Path.of("target", "report-page.png").toFile());
        }
    }

    @Test
    void aHostileFeatureNameAndSummaryStayTextInTheBrowser() throws Exception {
        String url = pageUrl(HOSTILE_MODEL);
        String dom = chromium().dumpDom(url);
        assertThat(dom).doesNotContain("<script").doesNotContain("<img");
        assertThat(dom).contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;");
        try (HeadlessChromium.Page page = chromium().open(url, 1200, 900)) {
            assertThat(page.evaluate("document.title").asText()).isEqualTo("Drift report: " + HOSTILE_MODEL);
            assertThat(page.evaluate("document.querySelectorAll('script, img, iframe, object').length")
                            .asInt())
                    .isZero();
            assertThat(page.evaluate("document.querySelector('#f0 h3').textContent")
                            .asText())
                    .startsWith(HOSTILE_FEATURE);
            assertThat(page.evaluate("document.querySelector('table.alerts').textContent")
                            .asText())
                    .contains(HOSTILE_SUMMARY);
        }
    }

    static JsonNode find(JsonNode charts, String id) {
        for (JsonNode c : charts) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no chart " + id + " in " + charts);
    }

    /** Whether a pixel within 2 px of (x, y) has about this colour. */
    static boolean near(BufferedImage image, double x, double y, String hex) {
        int want = Integer.parseInt(hex.substring(1), 16);
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int px = (int) Math.round(x) + dx;
                int py = (int) Math.round(y) + dy;
                if (px < 0 || py < 0 || px >= image.getWidth() || py >= image.getHeight()) {
                    continue;
                }
                if (distance(image.getRGB(px, py), want) <= 60) {
                    return true;
                }
            }
        }
        return false;
    }

    static int distance(int rgb, int want) {
        return Math.abs(((rgb >> 16) & 0xff) - ((want >> 16) & 0xff))
                + Math.abs(((rgb >> 8) & 0xff) - ((want >> 8) & 0xff))
                + Math.abs((rgb & 0xff) - (want & 0xff));
    }

    /** Pixels within a small distance of a colour (anti-aliasing blends edges). */
    static int pixels(BufferedImage image, String hex) {
        int want = Integer.parseInt(hex.substring(1), 16);
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (distance(image.getRGB(x, y), want) <= 24) {
                    n++;
                }
            }
        }
        return n;
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
