package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path data;

    @Test
    void readsTheTokenFileTrainingServiceWroteWithoutItsNewline() throws Exception {
        Files.writeString(data.resolve("admin-token"), "s3cr3t-token\n");
        AdminToken t = AdminToken.resolve(null, null, data);
        assertThat(t.value()).isEqualTo("s3cr3t-token");
        assertThat(t.source()).isEqualTo(data.resolve("admin-token").toString());
    }

    @Test
    void theEnvironmentWinsOverTheFileAndTheFlagOverBoth() throws Exception {
        Files.writeString(data.resolve("admin-token"), "from-file");
        assertThat(AdminToken.resolve(null, " from-env ", data)).isEqualTo(new AdminToken("from-env", "MLCYCLE_TOKEN"));
        assertThat(AdminToken.resolve("from-flag", "from-env", data)).isEqualTo(new AdminToken("from-flag", "--token"));
    }

    @Test
    void theFlagAndTheEnvironmentNeedNoFile() {
        assertThat(AdminToken.resolve("t", null, data.resolve("nowhere")).value())
                .isEqualTo("t");
        assertThat(AdminToken.resolve(null, "t", data.resolve("nowhere")).value())
                .isEqualTo("t");
    }

    @Test
    void aMissingFileSaysWhereItWasLookedForAndHowToGetOne() {
        assertThatThrownBy(() -> AdminToken.resolve(null, null, data))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("no admin token: " + data.resolve("admin-token")
                        + " does not exist; training-service writes it when it first starts (mlcycle up) with this"
                        + " data directory (--data-dir or MLCYCLE_DATA_DIR), or pass --token or set MLCYCLE_TOKEN");
    }

    @Test
    void refusesAnEmptyFileAnEmptyVariableAndAnEmptyFlag() throws Exception {
        Files.writeString(data.resolve("admin-token"), " \n");
        assertThatThrownBy(() -> AdminToken.resolve(null, null, data))
                .hasMessageContaining("the admin token file " + data.resolve("admin-token") + " is empty");
        assertThatThrownBy(() -> AdminToken.resolve(null, "", data))
                .hasMessageStartingWith("MLCYCLE_TOKEN is set but empty");
        assertThatThrownBy(() -> AdminToken.resolve("  ", null, data))
                .hasMessage("--token: expected the admin token, got nothing");
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsReportedAsUnreadable() throws Exception {
        Files.createDirectories(data.resolve("admin-token"));
        assertThatThrownBy(() -> AdminToken.resolve(null, null, data))
                .hasMessageStartingWith("cannot read the admin token from " + data.resolve("admin-token"))
                .hasMessageEndingWith("pass --token or set MLCYCLE_TOKEN");
    }

    @Test
    void neverShowsTheTokenInItsString() {
        assertThat(new AdminToken("s3cr3t", "--token").toString())
                .doesNotContain("s3cr3t")
                .isEqualTo("AdminToken[from --token]");
    }
}
