package dev.mlcycle.monitoring.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;
import dev.mlcycle.monitoring.report.SampleReports;
import dev.mlcycle.testkit.LocalKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report API against the real local broker: reports and alerts written to {@code mlcycle.drift.reports} and
 * {@code mlcycle.alerts} (with a malformed record among them) show up in {@code /reports} and {@code /alerts}.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaTestResource.class)
class ReportApiTest {
    static final String MODEL = "api-" + UUID.randomUUID().toString().substring(0, 8);
    static final String QUIET = MODEL + "-quiet";
    static final Duration WAIT = Duration.ofSeconds(90);

    static final AtomicBoolean WRITTEN = new AtomicBoolean();

    /** Once per class, with the application up (a static {@code @BeforeAll} runs before RestAssured knows its port). */
    @BeforeEach
    void writeReportsAndAlertsOnce() {
        if (WRITTEN.getAndSet(true)) {
            return;
        }
        try (TopicWriter w = new TopicWriter()) {
            w.garbage(Topics.DRIFT_REPORTS, MODEL);
            for (long win = 1; win <= 4; win++) {
                w.report(SampleReports.report(MODEL, 1, win, "income", win >= 3, win >= 2));
            }
            w.report(SampleReports.report(QUIET, 1, 1, "income", false, false));
            w.garbage(Topics.ALERTS, "junk");
            Alert a = SampleReports.firing(MODEL + "-a1", MODEL, "income", "income drifted", SampleReports.T0);
            w.alert(a);
            w.alert(SampleReports.firing(MODEL + "-a2", MODEL, "age", "age drifted", SampleReports.T0.plusSeconds(5)));
            w.alert(a.resolved(SampleReports.T0.plusSeconds(900), "income is back", MODEL + "-v1-w4", Map.of()));
        }
        await().atMost(WAIT).untilAsserted(() -> given().get("/alerts?model=" + MODEL)
                .then()
                .statusCode(200)
                .body("alerts.size()", is(2))
                .body("alerts.find { it.alert_id == '" + MODEL + "-a1' }.status", is("RESOLVED")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/reports/" + MODEL + "/latest")
                .then()
                .statusCode(200)
                .body("window", is(4)));
    }

    @Test
    void listsModelsWithTheirLatestWindow() {
        JsonPath body = given().get("/reports").then().statusCode(200).extract().jsonPath();
        Map<String, Object> line = body.getMap("models.find { it.model == '" + MODEL + "' }");
        assertThat(line)
                .containsEntry("model_version", 1)
                .containsEntry("window", 4)
                .containsEntry("rows", 2000)
                .containsEntry("drift", true)
                .containsEntry("reports", 4)
                .containsEntry("open_alerts", 1)
                .containsEntry("report_id", MODEL + "-v1-w4");
        assertThat(body.getList("models.model", String.class)).contains(QUIET);
    }

    @Test
    void theModelsReportIsJsonForAnApiClient() {
        JsonPath body = given().accept("application/json")
                .get("/reports/" + MODEL)
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .extract()
                .jsonPath();
        assertThat(body.getString("model")).isEqualTo(MODEL);
        assertThat(body.getString("latest.report_id")).isEqualTo(MODEL + "-v1-w4");
        assertThat(body.getList("windows.window", Integer.class)).containsExactly(1, 2, 3, 4);
        assertThat(body.getList("windows.drift", Boolean.class)).containsExactly(false, false, true, true);
        Map<String, Object> ks =
                body.getMap("windows[2].tests.find { it.target == 'income' && it.method == 'ks_2samp' }");
        assertThat(ks)
                .containsEntry("decision", "drift")
                .containsEntry("p_value", 1e-12f)
                .containsKey("adjusted_p_value")
                .containsEntry("effect_floor", 0.1f);
        assertThat(body.getString("windows[2].tests.find { it.method == 'js_distance_base2' }.decision"))
                .isEqualTo("descriptive");
        assertThat(body.getString("windows[0].tests.find { it.target == 'region' }.decision"))
                .isEqualTo("no_drift");
        assertThat(body.getList("open_alerts.alert_id", String.class)).containsExactly(MODEL + "-a2");
        assertThat(body.getList("recent_alerts.alert_id", String.class)).containsExactly(MODEL + "-a1");
        // curl's */* and no Accept at all get JSON too
        given().accept("*/*")
                .get("/reports/" + MODEL)
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"));
        given().get("/reports/" + MODEL + "?format=json").then().contentType(startsWith("application/json"));
    }

    @Test
    void theLatestReportIsTheRecordAsItIsOnTheTopic() {
        String body = given().get("/reports/" + MODEL + "/latest")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        DriftReport decoded = Codecs.DRIFT_REPORT.decode(body, "GET /reports/" + MODEL + "/latest");
        assertThat(decoded).isEqualTo(SampleReports.report(MODEL, 1, 4, "income", true, true));
    }

    @Test
    void aBrowserGetsTheHtmlPage() {
        String html = given().accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/reports/" + MODEL)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .extract()
                .asString();
        assertThat(html).contains("<title>Drift report: " + MODEL + "</title>").contains("<svg");
        given().get("/reports/" + MODEL + "?format=html").then().contentType(startsWith("text/html"));
    }

    @Test
    void anUnknownModelIs404WithTheModelsThatHaveReports() {
        given().get("/reports/nobody")
                .then()
                .statusCode(404)
                .body("reason", is("MODEL_NOT_FOUND"))
                .body("message", containsString("no drift report or alert for model \"nobody\""))
                .body("message", containsString(MODEL));
        given().get("/reports/nobody/latest").then().statusCode(404).body("reason", is("MODEL_NOT_FOUND"));
        given().get("/alerts?model=nobody").then().statusCode(404).body("reason", is("MODEL_NOT_FOUND"));
    }

    @Test
    void alertsFilterByModelAndStatus() {
        given().get("/alerts?model=" + MODEL + "&status=firing")
                .then()
                .statusCode(200)
                .body("alerts.alert_id", is(List.of(MODEL + "-a2")))
                .body("alerts[0].features", is(List.of("age")));
        given().get("/alerts?model=" + MODEL + "&status=resolved")
                .then()
                .statusCode(200)
                .body("alerts.alert_id", is(List.of(MODEL + "-a1")))
                .body("alerts[0].resolved_at", is("2026-12-07T10:15:00Z"))
                .body("alerts[0].summary", is("income is back"));
        given().get("/alerts").then().statusCode(200).body("alerts.alert_id", hasItem(MODEL + "-a2"));
        given().get("/alerts?model=" + MODEL + "&limit=1").then().body("alerts.size()", is(1));
    }

    @Test
    void badQueryParametersSayWhatIsExpected() {
        given().get("/alerts?status=open-ish")
                .then()
                .statusCode(400)
                .body("reason", is("INVALID_ARGUMENT"))
                .body("message", is("query parameter status: expected firing or resolved, got \"open-ish\""));
        given().get("/alerts?limit=0").then().statusCode(400).body("message", containsString("expected 1 to 10000"));
        given().get("/reports/" + MODEL + "?format=pdf")
                .then()
                .statusCode(400)
                .body("message", is("query parameter format: expected html or json, got \"pdf\""));
    }

    @Test
    void readinessSaysBothTopicsAreFollowed() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'drift reports and alerts read' }.status", is("UP"))
                .body(
                        "checks.find { it.name == 'drift reports and alerts read' }.data.'mlcycle.drift.reports'",
                        is("following"))
                .body(
                        "checks.find { it.name == 'drift reports and alerts read' }.data.'mlcycle.alerts'",
                        is("following"));
    }
}
