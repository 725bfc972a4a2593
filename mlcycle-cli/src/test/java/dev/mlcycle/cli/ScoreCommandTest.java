package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.Json;
import org.junit.jupiter.api.Test;

/** {@code mlcycle score}'s request and its summary of a finished job. */
class ScoreCommandTest {
    @Test
    void buildsTheJobRequestFromTheOptions() {
        JsonNode body = ScoreCommand.requestBody("credit-default", 3, 42L, "2026-01-01T00:00:00Z", null);
        assertThat(body.toString())
                .isEqualTo("{\"model\":\"credit-default\",\"version\":3,\"snapshot_id\":42,"
                        + "\"from\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void refusesAWindowThatEndsBeforeItStartsAndABadTime() {
        assertThatThrownBy(
                        () -> ScoreCommand.requestBody("m", null, null, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("--from 2026-01-02T00:00:00Z must be before --to");
        assertThatThrownBy(() -> ScoreCommand.requestBody("m", null, null, "yesterday", null))
                .hasMessage("--from: expected an ISO-8601 instant like 2026-01-01T00:00:00Z, got \"yesterday\"");
    }

    @Test
    void saysARerunAddedNothing() throws Exception {
        JsonNode job = Json.mapper()
                .readTree("{\"id\":\"score-m-v1-abc\",\"state\":\"SUCCEEDED\",\"added\":false,\"rows_written\":1000,"
                        + "\"table\":\"credit.predictions\",\"commit_snapshot_id\":77}");
        assertThat(ScoreCommand.summary(job))
                .containsExactly("nothing added: job score-m-v1-abc already wrote 1000 rows to credit.predictions in"
                        + " snapshot 77");
    }

    @Test
    void namesTheRowsTableAndSnapshotOfANewCommit() throws Exception {
        JsonNode job = Json.mapper()
                .readTree("{\"id\":\"j\",\"state\":\"SUCCEEDED\",\"added\":true,\"rows_written\":1000000,"
                        + "\"table\":\"credit.predictions\",\"commit_snapshot_id\":78,\"rows_per_second\":250000.4}");
        assertThat(ScoreCommand.summary(job))
                .containsExactly("wrote 1,000,000 rows to credit.predictions in snapshot 78 (250,000 rows/s)");
    }

    @Test
    void listsTheFailedDataChecks() throws Exception {
        JsonNode job = Json.mapper()
                .readTree("{\"id\":\"j\",\"state\":\"FAILED\",\"error\":\"data failed 1 of 9 checks\","
                        + "\"data_checks\":{\"checks\":[{\"name\":\"out-of-range\",\"passed\":false,"
                        + "\"detail\":\"income: 5 of 10 values not inside a number >= 0\"},"
                        + "{\"name\":\"row-count\",\"passed\":true,\"detail\":\"10 rows\"}]}}");
        assertThat(ScoreCommand.summary(job))
                .containsExactly(
                        "job j failed: data failed 1 of 9 checks",
                        "  failed check out-of-range: income: 5 of 10 values not inside a number >= 0");
    }

    @Test
    void defaultsToServingsPortAndNamesItsOwnOptionInErrors() {
        assertThat(ScoreCommand.servingUrl(null, null).toString()).isEqualTo("http://127.0.0.1:8080");
        assertThatThrownBy(() -> ScoreCommand.servingUrl("ftp://x", null)).hasMessageStartingWith("--serving-url:");
    }
}
