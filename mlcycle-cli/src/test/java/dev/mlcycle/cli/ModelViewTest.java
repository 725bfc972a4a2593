package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelViewTest {
    @Test
    void headingNamesDatasetTaskAliasesAndUpdateTime() {
        assertThat(ModelView.heading(Records.classifier("credit-default")))
                .isEqualTo("credit-default  dataset credit, classification, champion v2, challenger v3, updated"
                        + " 2026-01-01T12:00:00Z");
        assertThat(ModelView.heading(Records.regressor("house-price")))
                .isEqualTo("house-price  dataset housing, regression, champion -, challenger -, updated"
                        + " 2026-01-01T10:00:00Z");
    }

    @Test
    void listsVersionsNewestFirstWithAliasStatusClassificationMetricsRunAndSnapshot() {
        List<String> lines = ModelView.lines(Records.classifier("credit-default"), false);
        assertThat(lines).hasSize(5);
        String header = lines.get(1);
        assertThat(header)
                .isEqualTo(
                        "  VERSION  CREATED               STATUS      ALIAS       ROC_AUC  PR_AUC  LOG_LOSS  ACCURACY"
                                + "  RUN    SNAPSHOT  LABELS SNAPSHOT");
        assertThat(lines.get(2))
                .isEqualTo(
                        "  v3       2026-01-01T12:00:00Z  ARCHIVED    challenger  -        -       -         -       "
                                + "  run-3  -         -");
        assertThat(lines.get(3))
                .isEqualTo(
                        "  v2       2026-01-01T11:00:00Z  REGISTERED  champion    0.8123   0.6012  0.4321    -       "
                                + "  run-2  4702      4802");
        assertThat(lines.get(4)).contains("v1", "0.7900", "0.5500", "0.4700", "0.7800", "run-1", "4701", "4801");
        assertThat(String.join("\n", lines)).doesNotContain("audit");
    }

    @Test
    void regressorsShowRegressionMetricsEvenWhenHugeTinyOrNegative() {
        List<String> lines = ModelView.lines(Records.regressor("house-price"), false);
        assertThat(lines.get(1)).contains("RMSE", "MAE", "R2").doesNotContain("ROC_AUC");
        assertThat(lines.get(2)).contains("1.250e+09", "1.234e-05", "-0.5000");
    }

    @Test
    void withAuditAddsTheTrailOldestFirst() {
        List<String> lines = ModelView.lines(Records.classifier("credit-default"), true);
        int at = lines.indexOf("audit trail, oldest first:");
        assertThat(at).isPositive();
        assertThat(lines.get(at + 1)).contains("AT", "ACTOR", "ACTION", "ALIAS", "FROM", "TO", "REASON");
        assertThat(lines.get(at + 2))
                .contains("training-service", "register", "champion", "-", "v1", "passed the gate");
        assertThat(lines.get(at + 4)).contains("alice", "promote", "champion", "v1", "v2", "better recall");
        assertThat(lines).hasSize(at + 6);
        assertThat(ModelView.lines(Records.regressor("house-price"), true)).endsWith("", "audit trail: empty");
    }

    @Test
    void aModelWithoutVersionsSaysSo() {
        ModelRecord empty =
                new ModelRecord("fresh", "credit", ModelRecord.Task.CLASSIFICATION, List.of(), null, null, Records.T0);
        assertThat(ModelView.lines(empty, false))
                .containsExactly(
                        "fresh  dataset credit, classification, champion -, challenger -, updated 2026-01-01T10:00:00Z",
                        "  no versions yet");
    }

    @Test
    void aliasesListChampionAndChallengerFirstThenAnyOther() {
        ModelRecord base = Records.classifier("m");
        ModelRecord more = new ModelRecord(
                base.name(),
                base.dataset(),
                base.task(),
                base.versions(),
                Map.of("canary", 1, "champion", 2),
                base.audit(),
                base.updatedAt());
        assertThat(ModelView.aliases(more)).isEqualTo("champion v2, challenger -, canary v1");
    }

    @Test
    void auditSentenceReadsAsWhoMovedWhichAliasFromWhereToWhereAndWhy() {
        assertThat(ModelView.auditSentence(
                        new AuditEntry(Records.T0, "alice", "promote", "champion", 1, 2, "better recall")))
                .isEqualTo("2026-01-01T10:00:00Z alice promote: champion v1 -> v2 (\"better recall\")");
        assertThat(ModelView.auditSentence(new AuditEntry(Records.T0, "bob", "rollback", "champion", 2, 1, null)))
                .isEqualTo("2026-01-01T10:00:00Z bob rollback: champion v2 -> v1");
        assertThat(ModelView.auditSentence(
                        new AuditEntry(Records.T0, "training-service", "register", null, null, 3, " ")))
                .isEqualTo("2026-01-01T10:00:00Z training-service register: v3");
        assertThat(ModelView.auditSentence(new AuditEntry(Records.T0, "ops", "promote", "challenger", null, 3, null)))
                .isEqualTo("2026-01-01T10:00:00Z ops promote: challenger (unset) -> v3");
    }

    @Test
    void promoteAndRollbackPrintTheAliasesAndTheLastAuditEntry() {
        assertThat(PromoteCommand.changed(Records.classifier("credit-default")))
                .containsExactly(
                        "credit-default: champion v2, challenger v3",
                        "audit: 2026-01-01T12:00:00Z bob promote: challenger (unset) -> v3 (\"shadow it\")");
        assertThat(PromoteCommand.changed(Records.regressor("house-price")))
                .containsExactly("house-price: champion -, challenger -");
    }
}
